/*
 * The stack's customer-managed KMS key in a mock run (see KeyInventory): the key, its one alias, and the
 * services its key policy lets use it, the policy checked statement by statement against what the design
 * renders (src/pulumi/key.ts); and "key", the name every reference to it (its ARN, id, alias) gets.
 */
import { MOCK_ACCOUNT } from '../../pulumi/mock-values';
import type { KeyInventory } from '../inventory';
import type { Context, Inputs, R } from './context';
import { T } from './resource-types';

/** The stack's key, or undefined; more than one throws (the inventory names one, "key"). */
function stackKey(ctx: Context): R | undefined {
  const keys = ctx.ofType(T.kmsKey);
  if (keys.length > 1) throw new Error(`parity: ${keys.length} KMS keys (${keys.map((k) => k.name).join(', ')}); the inventory names one, "key"`);
  return keys[0];
}

/** "key" when the value references the stack's key (its ARN, id, alias or alias ARN); undefined otherwise. */
export function keyName(ctx: Context, value: unknown): 'key' | undefined {
  const key = stackKey(ctx);
  if (!key || typeof value !== 'string') return undefined;
  const aliases = aliasesOf(ctx, key).map((a) => a.inputs.name as string);
  const arn = ctx.byArnValue(key);
  const aliasArn = (alias: string) => `${arn.slice(0, arn.lastIndexOf(':') + 1)}${alias}`;
  return value === arn || value === ctx.id(key) || aliases.includes(value) || aliases.some((a) => value === aliasArn(a)) ? 'key' : undefined;
}

/** A KMS key setting as the inventory writes it: null when absent, "key" for the stack's, else as written (an AWS-managed key's alias). */
export function kmsKeyOf(ctx: Context, value: unknown): string | null {
  if (value === undefined || value === null) return null;
  return keyName(ctx, value) ?? String(value);
}

const aliasesOf = (ctx: Context, key: R): R[] => ctx.ofType(T.kmsAlias).filter((a) => a.inputs.targetKeyId === ctx.id(key) || a.inputs.targetKeyId === ctx.byArnValue(key));

/** What the key policy allows each service, by short name: the statements src/pulumi/key.ts renders (Sid aside). */
function serviceStatements(region: string, account: string): Record<string, { principal: string; statements: Inputs[] }> {
  return {
    logs: {
      principal: `logs.${region}.amazonaws.com`,
      statements: [
        {
          Action: ['kms:Decrypt*', 'kms:Describe*', 'kms:Encrypt*', 'kms:GenerateDataKey*', 'kms:ReEncrypt*'],
          Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:aws:logs:${region}:${account}:*` } },
        },
      ],
    },
    cloudwatch: { principal: 'cloudwatch.amazonaws.com', statements: [{ Action: ['kms:Decrypt', 'kms:GenerateDataKey*'] }] },
    cloudtrail: {
      principal: 'cloudtrail.amazonaws.com',
      statements: [
        { Action: ['kms:GenerateDataKey*'], Condition: { StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': `arn:aws:cloudtrail:*:${account}:trail/*` } } },
        { Action: ['kms:DescribeKey'] },
      ],
    },
  };
}

/** A statement's actions and condition, comparable: actions as a sorted list, no condition as absent. */
const comparable = (st: Inputs): string => JSON.stringify({ Action: ([] as string[]).concat(st.Action).sort(), ...(st.Condition ? { Condition: st.Condition } : {}) });

export function readKey(ctx: Context): KeyInventory | null {
  const key = stackKey(ctx);
  const aliases = ctx.ofType(T.kmsAlias);
  if (!key) {
    if (aliases.length) throw new Error(`parity: alias ${aliases[0].inputs.name} names no key of the run`);
    return null;
  }
  const what = `KMS key ${key.name}`;
  const i = key.inputs;
  const known = ['description', 'keyUsage', 'customerMasterKeySpec', 'enableKeyRotation', 'rotationPeriodInDays', 'deletionWindowInDays', 'policy', 'tags'];
  const extra = Object.keys(i).filter((k) => !known.includes(k) && i[k] !== undefined);
  if (extra.length) throw new Error(`parity: ${what} sets ${extra.join(', ')}, which the inventory does not read`);
  if ((i.keyUsage ?? 'ENCRYPT_DECRYPT') !== 'ENCRYPT_DECRYPT' || (i.customerMasterKeySpec ?? 'SYMMETRIC_DEFAULT') !== 'SYMMETRIC_DEFAULT') {
    throw new Error(`parity: ${what} is ${i.keyUsage} ${i.customerMasterKeySpec}; the inventory reads symmetric encryption keys only`);
  }
  const own = aliasesOf(ctx, key);
  if (own.length !== 1 || aliases.length !== 1) throw new Error(`parity: ${what} has ${own.length} aliases (the run ${aliases.length}); the inventory reads exactly one`);
  return { alias: own[0].inputs.name, rotation: i.enableKeyRotation === true, rotationPeriodDays: i.rotationPeriodInDays ?? 365, pendingWindowDays: i.deletionWindowInDays ?? 30, retain: key.retainOnDelete === true, services: policyServices(ctx, i.policy, what) };
}

/** The services the key policy allows, each exactly as rendered; the account root's statement is required; anything else throws. */
function policyServices(ctx: Context, policy: unknown, what: string): string[] {
  if (typeof policy !== 'string') throw new Error(`parity: ${what} has no key policy of its own`);
  const statements = (JSON.parse(policy) as { Statement: Inputs[] }).Statement;
  const expected = serviceStatements(ctx.region, MOCK_ACCOUNT);
  const root = `arn:aws:iam::${MOCK_ACCOUNT}:root`;
  let rooted = false;
  const found = new Map<string, string[]>();
  for (const st of statements) {
    const extra = Object.keys(st).filter((k) => !['Sid', 'Effect', 'Principal', 'Action', 'Resource', 'Condition'].includes(k));
    if (extra.length || st.Effect !== 'Allow' || st.Resource !== '*') throw new Error(`parity: a statement of ${what}'s policy is not an Allow on * (${JSON.stringify(st)})`);
    const p = st.Principal as Inputs;
    if (p?.AWS === root && Object.keys(p).length === 1 && st.Action === 'kms:*' && !st.Condition) {
      rooted = true;
      continue;
    }
    const service = Object.keys(expected).find((s) => p?.Service === expected[s].principal && Object.keys(p).length === 1);
    if (!service) throw new Error(`parity: ${what}'s policy allows ${JSON.stringify(p)}, which is neither the account nor a service the inventory knows`);
    found.set(service, [...(found.get(service) ?? []), comparable(st)]);
  }
  if (!rooted) throw new Error(`parity: ${what}'s policy does not let the account (${root}) manage it`);
  for (const [service, got] of found) {
    const want = expected[service].statements.map(comparable);
    if (JSON.stringify([...got].sort()) !== JSON.stringify([...want].sort())) throw new Error(`parity: ${what}'s policy allows ${service} ${got.join(' ')}, not ${want.join(' ')}`);
  }
  return [...found.keys()].sort();
}
