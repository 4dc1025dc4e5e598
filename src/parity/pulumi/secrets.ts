/*
 * Secrets in a mock run: the Secrets Manager secrets tasks are given, named
 * by what they hold ("database:<key>", RDS's own secret of a database whose
 * password it manages, or the secret a database's password is generated
 * into (or, in a standby, that secret's replica); "cache:<key>", the secret
 * whose value is a cache's AUTH token), a container's ECS secrets, and what
 * an execution role may do beyond pulling images and writing logs.
 */
import { mockMasterUserSecretArn } from '../../pulumi/mock-values';
import type { ServiceInventory } from '../inventory';
import { plain, type Context, type Inputs, type R } from './context';
import { T } from './resource-types';
import { keyName } from './key';

/** The JSON a secret version holds, or undefined when it is no JSON object. */
function jsonOf(version: R): Inputs | undefined {
  try {
    const value = JSON.parse(String(plain(version.inputs.secretString)));
    return value && typeof value === 'object' ? (value as Inputs) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The secrets databases' passwords are generated into: each Aurora cluster with a master password of
 * its own has exactly one secret, one of whose versions holds that username and password (as JSON).
 */
export function generatedSecrets(ctx: Context): { secret: R; cluster: R; name: string }[] {
  const { ofType, id, storeTag, must } = ctx;
  const secrets = ofType(T.secret);
  return [...ofType(T.dbCluster), ...ofType(T.dbInstance)]
    .filter((db) => db.inputs.masterPassword !== undefined || db.inputs.password !== undefined)
    .map((db) => {
      if (db.type !== T.dbCluster) throw new Error(`parity: RDS instance ${db.name} sets its password; the inventory reads generated passwords of Aurora clusters only`);
      const password = plain(db.inputs.masterPassword);
      const holders = secrets.filter((s) =>
        ofType(T.secretVersion).some((v) => v.inputs.secretId === id(s) && jsonOf(v)?.password === password && jsonOf(v)?.username === db.inputs.masterUsername),
      );
      if (holders.length !== 1) throw new Error(`parity: the master password of ${db.name} is held by ${holders.length} secrets, not 1`);
      return { secret: holders[0], cluster: db, name: `database:${must(storeTag(db), `the blueprint:store tag of ${db.name}`)}` };
    });
}

/** Secret ARN -> what it holds ("database:orders", "cache:sessions"). */
export function secretNames(ctx: Context): Map<string, string> {
  const { ofType, id, byArnValue, storeTag, must, region } = ctx;
  const names = new Map<string, string>(ctx.imports.secrets);
  for (const db of [...ofType(T.dbInstance), ...ofType(T.dbCluster)]) {
    if (db.inputs.manageMasterUserPassword === true) names.set(mockMasterUserSecretArn(db.name, region), `database:${must(storeTag(db), `the blueprint:store tag of ${db.name}`)}`);
  }
  const generated = generatedSecrets(ctx);
  for (const { secret, name } of generated) names.set(byArnValue(secret), name);
  const groups = ofType(T.replicationGroup);
  for (const secret of ofType(T.secret).filter((s) => !generated.some((g) => g.secret === s))) {
    const values = ofType(T.secretVersion).filter((v) => v.inputs.secretId === id(secret)).map((v) => plain(v.inputs.secretString));
    const users = groups.filter((g) => g.inputs.authToken !== undefined && values.includes(plain(g.inputs.authToken)));
    if (users.length !== 1) throw new Error(`parity: secret ${secret.name} is the AUTH token of ${users.length} caches, not 1`);
    names.set(byArnValue(secret), `cache:${must(storeTag(users[0]), `the blueprint:store tag of ${users[0].name}`)}`);
  }
  return names;
}

/** A container's ECS secrets, "NAME=database:orders:password" (a JSON key of the current version) or "NAME=cache:sessions" (the whole secret). */
export function containerSecrets(ctx: Context, container: Inputs): string[] {
  const names = secretNames(ctx);
  return ((container.secrets ?? []) as { name: string; valueFrom: string }[])
    .map((s) => {
      const whole = names.get(s.valueFrom);
      if (whole) return `${s.name}=${whole}`;
      // ARN:json-key:version-stage:version-id; Blueprint names no stage or version (the current one).
      for (const [arn, name] of names) {
        const [key, stage, version, ...rest] = s.valueFrom.startsWith(`${arn}:`) ? s.valueFrom.slice(arn.length + 1).split(':') : [];
        if (key && !stage && !version && rest.length === 0) return `${s.name}=${name}:${key}`;
      }
      throw new Error(`parity: secret ${s.name} comes from ${s.valueFrom}, which is no database's or cache's secret`);
    })
    .sort();
}

/** Image pulls and log writes: what every execution role does, left out of its permissions. */
const BASELINE = /^(logs:(CreateLogStream|PutLogEvents)|ecr:(GetAuthorizationToken|BatchCheckLayerAvailability|GetDownloadUrlForLayer|BatchGetImage))$/;

/** The execution role's statements beyond the baseline, resources named "secret:database:orders" (or "key", the stack's key). */
export function executionPermissionsOf(ctx: Context, roleArn: string | undefined): ServiceInventory['executionPermissions'] {
  if (!roleArn) return [];
  const { ofType, byArnValue, byId, must } = ctx;
  const names = secretNames(ctx);
  return ofType(T.rolePolicy)
    .filter((p) => byArnValue(must(byId.get(p.inputs.role), `role ${p.inputs.role}`)) === roleArn)
    .flatMap((p) => JSON.parse(p.inputs.policy).Statement as Inputs[])
    .map((st) => ({ effect: st.Effect, actions: ([] as string[]).concat(st.Action).sort(), resources: ([] as string[]).concat(st.Resource) }))
    .filter((st) => !(st.effect === 'Allow' && st.actions.every((a) => BASELINE.test(a))))
    .map((st) => ({
      ...st,
      resources: st.resources.map((arn) => keyName(ctx, arn) ?? `secret:${must(names.get(arn), `the secret ${arn} an execution role may read`)}`).sort(),
    }));
}
