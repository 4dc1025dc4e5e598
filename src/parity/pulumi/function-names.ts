/*
 * The blueprint's functions in a mock run, as every reader names them: each
 * aws.lambda.Function carries its key in a "blueprint:function" tag (nothing
 * else in it does; both renderers write it), and is referenced by its name
 * (an event source mapping's or invoke config's functionName, an alarm's
 * FunctionName dimension) or its ARN (a schedule's target, a scheduler role's
 * policy). Its dead-letter queue (its deadLetterConfig, untagged) is
 * "queue:function:<key>/dead-letter". A schedule whose target is a function's
 * ARN (or its alias's) is that function's; every other schedule is a job's. Its
 * alias (aws.lambda.Alias, whose functionName is the function's name) is named
 * by its ARN, "function:<key>:<alias>", wherever a caller names it.
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

/** The alias of a function of the blueprint (its functionName is the function's name or ARN), with the function and key; a second alias of one function throws. */
export function functionAliases(ctx: Context): Map<R, { fn: R; key: string }> {
  const out = new Map<R, { fn: R; key: string }>();
  for (const a of ctx.ofType(T.lambdaAlias)) {
    const found = functionNamed(ctx, a.inputs.functionName);
    if (!found) throw new Error(`parity: alias ${a.name} is of ${JSON.stringify(a.inputs.functionName)}, not a function of the blueprint`);
    const other = [...out].find(([, f]) => f.key === found.key);
    if (other) throw new Error(`parity: aliases ${other[0].name} and ${a.name} are both of function ${found.key}; the inventory records one`);
    out.set(a, found);
  }
  return out;
}

/**
 * What a caller invokes: a function of the blueprint by its ARN (or, with byName, its name) as "function:<key>", or
 * its alias by the alias's ARN as "function:<key>:<alias>"; undefined when the value names neither.
 */
export function invokedFunction(ctx: Context, value: unknown, byName = false): { fn: R; key: string; name: string } | undefined {
  const found = byName ? functionNamed(ctx, value) : functionByArn(ctx, value);
  if (found) return { ...found, name: `function:${found.key}` };
  for (const [alias, f] of functionAliases(ctx)) if (typeof value === 'string' && ctx.byArnValue(alias) === value) return { ...f, name: `function:${f.key}:${alias.inputs.name}` };
  return undefined;
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
    const found = invokedFunction(ctx, (s.inputs.target as Inputs | undefined)?.arn);
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
