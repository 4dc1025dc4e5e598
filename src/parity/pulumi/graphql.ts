/*
 * The blueprint's AppSync GraphQL APIs and Cognito user pools read from a mock
 * run, as the CloudFormation reader reads them (GraphqlApiInventory,
 * UserPoolInventory): each aws.appsync.GraphQLApi (its key from its name,
 * "<blueprint>-<key>", the blueprint's name the provider's default "blueprint"
 * tag) with its inline schema, log configuration and the role that writes its
 * log group, its aws.appsync.DataSource resources with their roles, and its
 * aws.appsync.Resolver resources; each aws.cognito.UserPool with its one
 * aws.cognito.UserPoolClient. References arrive as the mocks' values (ids,
 * ARNs, names): each is looked up and named ("user-pool:<key>",
 * "function:<key>", "table:<key>", "log-group:graphql-api:<key>", "key").
 * Every input these do not read throws, as does a data source, resolver or
 * client that belongs to no API or pool.
 */
import { createHash } from 'node:crypto';
import { readSizing } from '../../design/sizing';
import type { GraphqlApiInventory, PermissionInventory, UserPoolInventory } from '../inventory';
import type { Context, Inputs, R } from './context';
import { invokedFunction } from './function-names';
import { rolePermissionsOf } from './policies';
import { certificateOf } from './certificates';
import { T } from './resource-types';
import { connectionValue, storeArn } from './store-names';
import { keyName } from './key';

// What the inventory reads of each resource and of each part of it; anything else set throws.
const API = ['authenticationType', 'introspectionConfig', 'logConfig', 'name', 'openidConnectConfig', 'queryDepthLimit', 'schema', 'tags', 'userPoolConfig', 'visibility', 'xrayEnabled'];
const OPENID = ['clientId', 'issuer'];
const USER_POOL_CONFIG = ['appIdClientRegex', 'awsRegion', 'defaultAction', 'userPoolId'];
const LOG_CONFIG = ['cloudwatchLogsRoleArn', 'excludeVerboseContent', 'fieldLogLevel'];
const DATA_SOURCE = ['apiId', 'dynamodbConfig', 'httpConfig', 'lambdaConfig', 'name', 'serviceRoleArn', 'type'];
const LAMBDA_CONFIG = ['functionArn'];
const HTTP_CONFIG = ['endpoint'];
const DYNAMODB_CONFIG = ['region', 'tableName'];
const RESOLVER = ['apiId', 'code', 'dataSource', 'field', 'kind', 'runtime', 'type'];
const RUNTIME = ['name', 'runtimeVersion'];
const USER_POOL = ['accountRecoverySetting', 'adminCreateUserConfig', 'autoVerifiedAttributes', 'deletionProtection', 'mfaConfiguration', 'name', 'passwordPolicy', 'softwareTokenMfaConfiguration', 'userPoolAddOns', 'userPoolTier', 'usernameAttributes'];
const PASSWORD_POLICY = ['minimumLength', 'requireLowercase', 'requireNumbers', 'requireSymbols', 'requireUppercase', 'temporaryPasswordValidityDays'];
const CLIENT = ['enableTokenRevocation', 'explicitAuthFlows', 'generateSecret', 'name', 'preventUserExistenceErrors', 'userPoolId'];

/** The service every role of a GraphQL API must be assumed by, and by nothing else. */
const APPSYNC = 'appsync.amazonaws.com';

/** A blueprint key (src/schema/common.ts). */
const KEY = /^[a-z][a-z0-9-]{0,30}[a-z0-9]$/;

/** Throws on an input of `o` that `fields` does not list (an input given as undefined is not set). */
function only(o: Inputs | undefined, fields: readonly string[], where: string): Inputs {
  const extra = Object.keys(o ?? {}).filter((k) => !fields.includes(k) && o![k] !== undefined);
  if (extra.length) throw new Error(`parity: ${where}: ${extra.join(', ')}: not in the inventory`);
  return o ?? {};
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** A resource's key: its name, "<blueprint>-<key>", less the blueprint's name (the provider's default "blueprint" tag). */
function keyOfName(ctx: Context, r: R, what: string): string {
  const provider = ctx.resources.find((p) => p.type === 'pulumi:providers:aws' && p.name === ctx.provider);
  const blueprint = ctx.must((provider?.inputs.defaultTags ? JSON.parse(provider.inputs.defaultTags).tags : {})?.blueprint as string | undefined, `the "blueprint" default tag of provider ${ctx.provider}`);
  const name = ctx.must(r.inputs.name as string | undefined, `the name of ${what} ${r.name}`);
  const key = name.startsWith(`${blueprint}-`) ? name.slice(blueprint.length + 1) : '';
  if (!KEY.test(key)) throw new Error(`parity: ${what} ${r.name}: name ${JSON.stringify(name)} is not "${blueprint}-<key>" (the blueprint's name, then a key)`);
  return key;
}

/** Each GraphQL API by its key; two of one key throw. */
function graphqlApis(ctx: Context): Map<R, string> {
  const out = new Map<R, string>();
  for (const api of ctx.ofType(T.graphqlApi)) {
    const key = keyOfName(ctx, api, 'GraphQL API');
    const other = [...out].find(([, k]) => k === key);
    if (other) throw new Error(`parity: GraphQL APIs ${other[0].name} and ${api.name} have the same key ${key}`);
    out.set(api, key);
  }
  return out;
}

/** The log group AppSync writes an API's logs to: the one named /aws/appsync/apis/<its id>, or undefined. */
function apiLogGroup(ctx: Context, api: R): R | undefined {
  return ctx.ofType(T.logGroup).find((l) => l.inputs.name === `/aws/appsync/apis/${ctx.id(api)}`);
}

/** Each GraphQL API's log group (by its logical name) -> "graphql-api:<key>". */
export function graphqlLogGroupOwners(ctx: Context): [string, string][] {
  return [...graphqlApis(ctx)].flatMap(([api, key]): [string, string][] => {
    const lg = apiLogGroup(ctx, api);
    return lg ? [[lg.name, `graphql-api:${key}`]] : [];
  });
}

/** A GraphQLAPIId metric dimension's value (an API's id) as "graphql-api:<key>"; undefined when it is no GraphQL API's id. */
export function graphqlApiDimension(ctx: Context, value: string): string | undefined {
  const found = [...graphqlApis(ctx)].find(([api]) => ctx.id(api) === value);
  return found && `graphql-api:${found[1]}`;
}

/** What a web ACL association's resourceArn names when it is a GraphQL API's ARN: "graphql-api:<key>"; undefined otherwise. */
export function graphqlApiByArn(ctx: Context, arn: string): string | undefined {
  const found = [...graphqlApis(ctx)].find(([api]) => ctx.byArnValue(api) === arn);
  return found && `graphql-api:${found[1]}`;
}

/** Each user pool by its key; two of one key throw. */
function userPools(ctx: Context): Map<R, string> {
  const out = new Map<R, string>();
  for (const pool of ctx.ofType(T.userPool)) {
    const key = keyOfName(ctx, pool, 'user pool');
    const other = [...out].find(([, k]) => k === key);
    if (other) throw new Error(`parity: user pools ${other[0].name} and ${pool.name} have the same key ${key}`);
    out.set(pool, key);
  }
  return out;
}

/** Each user pool's one app client, by the pool; a client of no pool, or a second client, throws. */
function poolClients(ctx: Context, pools: Map<R, string>): Map<R, R> {
  const out = new Map<R, R>();
  for (const c of ctx.ofType(T.userPoolClient)) {
    const pool = [...pools.keys()].find((p) => ctx.id(p) === c.inputs.userPoolId);
    if (!pool) throw new Error(`parity: user pool client ${c.name}: userPoolId ${JSON.stringify(c.inputs.userPoolId)} is no user pool's id`);
    if (out.has(pool)) throw new Error(`parity: user pool ${pool.name} has two clients (${out.get(pool)!.name}, ${c.name}); the inventory reads one`);
    out.set(pool, c);
  }
  return out;
}

/** The role with this ARN, checked to be assumed by AppSync alone (one sts:AssumeRole statement). */
function appsyncRole(ctx: Context, roleArn: string, what: string): void {
  const role = ctx.must(ctx.ofType('aws:iam/role:Role').find((r) => ctx.byArnValue(r) === roleArn), `the role ${roleArn} of ${what}`);
  const doc = JSON.parse(role.inputs.assumeRolePolicy as string) as { Statement: Inputs | Inputs[] };
  const statements = ([] as Inputs[]).concat(doc.Statement);
  const s = statements[0];
  const actions = s ? ([] as string[]).concat(s.Action) : [];
  const ok = statements.length === 1 && s.Effect === 'Allow' && s.Condition === undefined && actions.length === 1 && actions[0] === 'sts:AssumeRole' && Object.keys(s.Principal ?? {}).length === 1 && s.Principal.Service === APPSYNC;
  if (!ok) throw new Error(`parity: ${what} (${role.name}) must be assumed by ${APPSYNC} only, with one sts:AssumeRole statement`);
}

export function readGraphqlApis(ctx: Context): GraphqlApiInventory[] {
  const { ofType, id, must } = ctx;
  const apis = graphqlApis(ctx);
  const pools = userPools(ctx);
  const clients = poolClients(ctx, pools);

  /** The API a data source's or resolver's apiId names. */
  const apiOf = (r: R, what: string): R => {
    const api = [...apis.keys()].find((a) => id(a) === r.inputs.apiId);
    if (!api) throw new Error(`parity: ${what} ${r.name}: apiId ${JSON.stringify(r.inputs.apiId)} is no GraphQL API's id`);
    return api;
  };
  const byApi = (type: string, what: string) => {
    const out = new Map<R, R[]>([...apis.keys()].map((a) => [a, []]));
    for (const r of ofType(type)) out.get(apiOf(r, what))!.push(r);
    return out;
  };
  const sources = byApi(T.graphqlDataSource, 'data source');
  const resolvers = byApi(T.graphqlResolver, 'resolver');

  // What a role of a GraphQL API may reach, named: a GraphQL API's log group's streams, a function, a table, the stack's key.
  const resource = (what: string) => (arn: string): string => {
    const lg = arn.endsWith(':*') ? ofType(T.logGroup).find((l) => `${ctx.byArnValue(l)}:*` === arn) : undefined;
    if (lg) {
      const owner = [...apis].find(([api]) => apiLogGroup(ctx, api) === lg);
      if (!owner) throw new Error(`parity: ${what} names log group ${lg.name}, which is no GraphQL API's (/aws/appsync/apis/<api id>)`);
      return `log-group:graphql-api:${owner[1]}`;
    }
    if (ofType(T.logGroup).some((l) => ctx.byArnValue(l) === arn)) throw new Error(`parity: ${what} names log group ${arn} without ":*" (its log streams); the inventory reads a log group's ARN as CloudFormation's Arn attribute gives it`);
    const fn = invokedFunction(ctx, arn);
    if (fn) return fn.name;
    const key = keyName(ctx, arn);
    if (key) return key;
    const store = storeArn(ctx, arn);
    if (!store.startsWith('table:')) throw new Error(`parity: ${what} grants access to ${store}, neither a function, a table, a GraphQL API's log group nor the stack's key`);
    return store;
  };
  const permissions = (roleArn: unknown, what: string): PermissionInventory[] => {
    const arn = must(roleArn as string | undefined, `the role of ${what}`);
    appsyncRole(ctx, arn, what);
    return rolePermissionsOf(ctx, arn, what, resource(what));
  };

  return [...apis].map(([api, key]): GraphqlApiInventory => {
    const what = `GraphQL API ${api.name}`;
    const i = only(api.inputs, API, what);

    let openIdConnect: GraphqlApiInventory['openIdConnect'] = null;
    if (i.openidConnectConfig !== undefined) {
      const o = only(i.openidConnectConfig, OPENID, `${what} openidConnectConfig (token TTLs are not in the inventory)`);
      openIdConnect = { issuer: must(o.issuer as string | undefined, `the issuer of ${what}`), clientId: must(o.clientId as string | undefined, `the client ID of ${what} (the inventory reads the client IDs AppSync accepts)`) };
    }

    let userPool: GraphqlApiInventory['userPool'] = null;
    if (i.userPoolConfig !== undefined) {
      const u = only(i.userPoolConfig, USER_POOL_CONFIG, `${what} userPoolConfig`);
      const pool = [...pools].find(([p]) => id(p) === u.userPoolId);
      if (!pool) throw new Error(`parity: ${what}: userPoolId ${JSON.stringify(u.userPoolId)} is no user pool of the stack`);
      if (u.awsRegion !== undefined && u.awsRegion !== ctx.region) throw new Error(`parity: ${what}: its user pool is in ${u.awsRegion}, not the stack's region ${ctx.region}; the inventory reads a pool of the stack`);
      let appIdClientRegex: string | null = null;
      if (u.appIdClientRegex !== undefined) {
        const client = [...clients].find(([, c]) => id(c) === u.appIdClientRegex);
        appIdClientRegex = client ? `user-pool-client:${pools.get(client[0])}` : String(u.appIdClientRegex);
      }
      userPool = { pool: `user-pool:${pool[1]}`, defaultAction: must(u.defaultAction as string | undefined, `the default action of ${what}'s user pool`), appIdClientRegex };
    }

    let logs: GraphqlApiInventory['logs'] = null;
    if (i.logConfig !== undefined) {
      const l = only(i.logConfig, LOG_CONFIG, `${what} logConfig`);
      logs = {
        fieldLogLevel: must(l.fieldLogLevel as string | undefined, `the field log level of ${what}`),
        excludeVerboseContent: l.excludeVerboseContent === true,
        rolePermissions: permissions(l.cloudwatchLogsRoleArn, `the logs role of GraphQL API ${key}`),
      };
    }

    const dataSources = sources.get(api)!.map((s): GraphqlApiInventory['dataSources'][number] => {
      const where = `data source ${s.name}`;
      const x = only(s.inputs, DATA_SOURCE, where);
      let target: string;
      const configs = ['lambdaConfig', 'dynamodbConfig', 'httpConfig'].filter((f) => x[f] !== undefined);
      if (x.type === 'HTTP') {
        // An HTTP endpoint: its URL as written (authorizationConfig, IAM signing, is not in the inventory).
        if (configs.join() !== 'httpConfig') throw new Error(`parity: ${where} is HTTP but has ${configs.join(' and ') || 'no httpConfig'}`);
        const c = only(x.httpConfig, HTTP_CONFIG, `${where} httpConfig (IAM signing is not in the inventory)`);
        target = must(c.endpoint as string | undefined, `the endpoint of ${where}`);
        if (!/^https:\/\/[^/]+$/.test(target)) throw new Error(`parity: ${where}'s endpoint is ${target}, not https:// and a name`);
        if (x.serviceRoleArn !== undefined) throw new Error(`parity: ${where} is an HTTP data source with a role, which signs nothing`);
        return { name: must(x.name as string | undefined, `the name of ${where}`), type: x.type, target, rolePermissions: [] };
      }
      if (x.type === 'AWS_LAMBDA') {
        if (configs.join() !== 'lambdaConfig') throw new Error(`parity: ${where} is AWS_LAMBDA but has ${configs.join(" and ") || "no lambdaConfig"}`);
        const c = only(x.lambdaConfig, LAMBDA_CONFIG, `${where} lambdaConfig`);
        target = must(invokedFunction(ctx, c.functionArn), `the function of ${where} (${c.functionArn}): a function of the blueprint (or its alias), by its ARN`).name;
      } else if (x.type === 'AMAZON_DYNAMODB') {
        if (configs.join() !== 'dynamodbConfig') throw new Error(`parity: ${where} is AMAZON_DYNAMODB but has ${configs.join(' and ')}`);
        const c = only(x.dynamodbConfig, DYNAMODB_CONFIG, `${where} dynamodbConfig (caller credentials, versioning and delta sync are not in the inventory)`);
        if (c.region !== undefined && c.region !== ctx.region) throw new Error(`parity: ${where} reads a table in ${c.region}, not the stack's region ${ctx.region}`);
        target = connectionValue(ctx, must(c.tableName as string | undefined, `the table name of ${where}`));
        if (!target.startsWith('table:')) throw new Error(`parity: ${where}: ${c.tableName} is no table of the stack`);
      } else {
        throw new Error(`parity: ${where} is of type ${x.type}; the inventory reads AWS_LAMBDA, AMAZON_DYNAMODB and HTTP data sources`);
      }
      return { name: must(x.name as string | undefined, `the name of ${where}`), type: x.type, target, rolePermissions: permissions(x.serviceRoleArn, `the role of data source ${x.name} of GraphQL API ${key}`) };
    });
    const names = dataSources.map((s) => s.name);
    const twice = names.find((n, k) => names.indexOf(n) !== k);
    if (twice !== undefined) throw new Error(`parity: ${what} has two data sources named ${twice}`);

    const apiResolvers = resolvers.get(api)!.map((r): GraphqlApiInventory['resolvers'][number] => {
      const where = `resolver ${r.name}`;
      const x = only(r.inputs, RESOLVER, `${where} (mapping templates, caching, pipelines, sync and batching are not in the inventory)`);
      const kind = (x.kind as string | undefined) ?? 'UNIT';
      if (kind !== 'UNIT') throw new Error(`parity: ${where} is a ${kind} resolver; the inventory reads unit resolvers`);
      const dataSource = must(x.dataSource as string | undefined, `the data source of ${where}`);
      if (!names.includes(dataSource)) throw new Error(`parity: ${where} names data source ${dataSource}, which is not one of ${what}'s`);
      const runtime = x.runtime === undefined ? undefined : only(x.runtime, RUNTIME, `${where} runtime`);
      if ((runtime === undefined) !== (x.code === undefined)) throw new Error(`parity: ${where} has ${runtime ? 'a runtime but no code' : 'code but no runtime'}`);
      return {
        field: `${must(x.type as string | undefined, `the type of ${where}`)}.${must(x.field as string | undefined, `the field of ${where}`)}`,
        dataSource,
        kind,
        runtime: runtime ? `${runtime.name}@${runtime.runtimeVersion}` : null,
        codeSha256: x.code === undefined ? null : sha256(String(x.code)),
      };
    });
    // Its custom domain: the one domain an association names with this API's id.
    const associations = ofType(T.graphqlDomainAssociation).filter((a) => a.inputs.apiId === id(api));
    if (associations.length > 1) throw new Error(`parity: ${what} has ${associations.length} custom domains; the inventory reads one at most`);
    let domain: GraphqlApiInventory['domain'] = null;
    if (associations.length) {
      const a = only(associations[0].inputs, ['apiId', 'domainName'], `domain association ${associations[0].name}`);
      const d = must(ofType(T.graphqlDomain).find((x) => x.inputs.domainName === a.domainName), `the AppSync domain ${a.domainName} of ${what}`);
      const di = only(d.inputs, ['certificateArn', 'description', 'domainName', 'tags'], `AppSync domain ${d.name}`);
      domain = { name: String(di.domainName), certificate: must(certificateOf(ctx, di.certificateArn) ?? undefined, `the certificate of AppSync domain ${d.name}`) };
    }
    const fields = apiResolvers.map((r) => r.field);
    const again = fields.find((f, k) => fields.indexOf(f) !== k);
    if (again !== undefined) throw new Error(`parity: ${what} has two resolvers of ${again}`);

    return {
      key,
      sizing: readSizing(i.tags, what),
      domain,
      authenticationType: must(i.authenticationType as string | undefined, `the authentication type of ${what}`),
      openIdConnect,
      userPool,
      visibility: (i.visibility as string | undefined) ?? 'GLOBAL',
      introspection: (i.introspectionConfig as string | undefined) ?? 'ENABLED',
      queryDepthLimit: (i.queryDepthLimit as number | undefined) ?? null,
      xray: i.xrayEnabled === true,
      logs,
      schemaSha256: sha256(must(i.schema as string | undefined, `the schema of ${what} (the inventory reads a schema given inline)`)),
      dataSources,
      resolvers: apiResolvers,
    };
  });
}

export function readUserPools(ctx: Context): UserPoolInventory[] {
  const { must } = ctx;
  const pools = userPools(ctx);
  const clients = poolClients(ctx, pools);
  return [...pools].map(([pool, key]): UserPoolInventory => {
    const what = `user pool ${pool.name}`;
    const i = only(pool.inputs, USER_POOL, `${what} (identity providers, domains, Lambda triggers, SMS and email settings, schemas and alias attributes are not in the inventory)`);
    const totp = only(i.softwareTokenMfaConfiguration, ['enabled'], `${what} softwareTokenMfaConfiguration`);
    const p = only(must(i.passwordPolicy as Inputs | undefined, `the password policy of ${what}`), PASSWORD_POLICY, `${what} passwordPolicy`);
    const recovery = only(i.accountRecoverySetting, ['recoveryMechanisms'], `${what} accountRecoverySetting`);
    const mechanisms = ((recovery.recoveryMechanisms ?? []) as Inputs[]).map((m, n) => only(m, ['name', 'priority'], `${what} recoveryMechanisms[${n}]`));
    const admin = i.adminCreateUserConfig === undefined ? undefined : only(i.adminCreateUserConfig, ['allowAdminCreateUserOnly'], `${what} adminCreateUserConfig`);
    const addOns = i.userPoolAddOns === undefined ? undefined : only(i.userPoolAddOns, ['advancedSecurityMode'], `${what} userPoolAddOns`);
    const client = clients.get(pool);
    if (!client) throw new Error(`parity: ${what} has no app client; the inventory reads a pool with one`);
    const c = only(client.inputs, CLIENT, `user pool client ${client.name} (OAuth flows, callback URLs, token validity and attributes are not in the inventory)`);
    return {
      key,
      tier: (i.userPoolTier as string | undefined) ?? 'ESSENTIALS',
      mfa: (i.mfaConfiguration as string | undefined) ?? 'OFF',
      enabledMfas: totp.enabled === true ? ['SOFTWARE_TOKEN_MFA'] : [],
      // Within a password policy, what is not written is off (temporary passwords: AWS's 7 days).
      passwordPolicy: {
        minimumLength: must(p.minimumLength as number | undefined, `the minimum password length of ${what}`),
        requireLowercase: p.requireLowercase === true,
        requireUppercase: p.requireUppercase === true,
        requireNumbers: p.requireNumbers === true,
        requireSymbols: p.requireSymbols === true,
        temporaryPasswordValidityDays: (p.temporaryPasswordValidityDays as number | undefined) ?? 7,
      },
      usernameAttributes: (i.usernameAttributes ?? []) as string[],
      autoVerifiedAttributes: (i.autoVerifiedAttributes ?? []) as string[],
      adminCreateUserOnly: admin?.allowAdminCreateUserOnly === true,
      accountRecovery: [...mechanisms].sort((a, b) => Number(a.priority) - Number(b.priority)).map((m) => String(m.name)),
      advancedSecurityMode: (addOns?.advancedSecurityMode as string | undefined) ?? null,
      deletionProtection: (i.deletionProtection as string | undefined) ?? 'INACTIVE',
      retained: pool.retainOnDelete === true,
      // AWS's defaults for a client: no secret; refresh, SRP and custom auth; LEGACY existence errors; token revocation on.
      client: {
        name: must(c.name as string | undefined, `the name of user pool client ${client.name}`),
        generateSecret: c.generateSecret === true,
        explicitAuthFlows: (c.explicitAuthFlows ?? ['ALLOW_CUSTOM_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_SRP_AUTH']) as string[],
        preventUserExistenceErrors: (c.preventUserExistenceErrors as string | undefined) ?? 'LEGACY',
        enableTokenRevocation: c.enableTokenRevocation !== false,
      },
    };
  });
}
