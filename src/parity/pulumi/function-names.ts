/*
 * The blueprint's functions in a mock run, as every reader names them: each
 * aws.lambda.Function carries its key in a "blueprint:function" tag (nothing
 * else in it does; both renderers write it), and is referenced by its name
 * (an event source mapping's or invoke config's functionName, an alarm's
 * FunctionName dimension) or its ARN (a schedule's target, a scheduler role's
 * policy). Its dead-letter queue (its deadLetterConfig, untagged) is
 * "queue:function:<key>/dead-letter". A schedule whose target is a function's
 * ARN is that function's; every other schedule is a job's.
 */
import type { Context, Inputs, R } from './context';
import { T } from './resource-types';

/** The tag that names a function of the blueprint: its key. */
export const FUNCTION_TAG = 'blueprint:function';

/** The blueprint's functions -> their keys; an untagged function, or a key carried twice, throws. */
export function blueprintFunctions(ctx: Context): Map<R, string> {
  const out = new Map<R, string>();
  for (const fn of ctx.ofType(T.lambda)) {
    const key = fn.inputs.tags?.[FUNCTION_TAG] as string | undefined;
    if (typeof key !== 'string' || !key) throw new Error(`parity: Lambda function ${fn.name} is not tagged "${FUNCTION_TAG}" (a function of the blueprint, by its key); the inventory reads no other function`);
    const other = [...out].find(([, k]) => k === key);
    if (other) throw new Error(`parity: Lambda functions ${other[0].name} and ${fn.name} both carry the function key "${key}"`);
    out.set(fn, key);
  }
  return out;
}

/** A function's name, as the mocks compute it: its logical name (a name input is not read, so it throws in the reader). */
const nameOf = (fn: R) => fn.name;

/** The blueprint's function a value names by its name or ARN, with its key; undefined when it names none. */
export function functionNamed(ctx: Context, value: unknown): { fn: R; key: string } | undefined {
  if (typeof value !== 'string') return undefined;
  for (const [fn, key] of blueprintFunctions(ctx)) if (nameOf(fn) === value || ctx.byArnValue(fn) === value) return { fn, key };
  return undefined;
}

/** The blueprint's function whose ARN a value is (a schedule's target, a scheduler role's resource), with its key. */
export function functionByArn(ctx: Context, value: unknown): { fn: R; key: string } | undefined {
  const found = functionNamed(ctx, value);
  return found && ctx.byArnValue(found.fn) === value ? found : undefined;
}

/** The key of the function whose dead-letter queue `q` is (its deadLetterConfig.targetArn), or undefined; a queue two functions share throws. */
export function functionDeadLetterOf(ctx: Context, q: R): string | undefined {
  const arn = ctx.byArnValue(q);
  const users = [...blueprintFunctions(ctx)].filter(([fn]) => (fn.inputs.deadLetterConfig as Inputs | undefined)?.targetArn === arn).map(([, key]) => key);
  if (users.length > 1) throw new Error(`parity: queue ${q.name} is the dead-letter queue of functions ${users.join(' and ')}; the inventory names it after its one function`);
  return users[0];
}

/** The schedules that invoke the blueprint's functions (their target is a function's ARN), by the function's key; a second schedule of one function throws. */
export function functionSchedules(ctx: Context): Map<string, R> {
  const out = new Map<string, R>();
  for (const s of ctx.ofType(T.schedule)) {
    const found = functionByArn(ctx, (s.inputs.target as Inputs | undefined)?.arn);
    if (!found) continue;
    if (out.has(found.key)) throw new Error(`parity: schedules ${out.get(found.key)!.name} and ${s.name} both invoke function ${found.key}; the inventory records one schedule per function`);
    out.set(found.key, s);
  }
  return out;
}

/** The schedules that start a job's task (an ECS target): every schedule but a function's; one with neither target throws. */
export function jobSchedules(ctx: Context): R[] {
  const ofFunctions = new Set(functionSchedules(ctx).values());
  return ctx.ofType(T.schedule).filter((s) => {
    if (ofFunctions.has(s)) return false;
    if ((s.inputs.target as Inputs | undefined)?.ecsParameters === undefined) {
      throw new Error(`parity: schedule ${s.name} targets ${(s.inputs.target as Inputs | undefined)?.arn}, neither an ECS task (a job's) nor a function of the blueprint`);
    }
    return true;
  });
}
