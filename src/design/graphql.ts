import { createHash } from 'node:crypto';
import type { GraphQLObjectType } from 'graphql';
import type { Blueprint } from '../schema';
import type { api as apiSchema } from '../schema/apis';
import type { z } from 'zod';
import { argumentNamesOf, readGraphqlSchema, returnsList } from '../load/graphql';
import { pct, recorder, type DecisionLog } from './decisions';
import { acknowledgeInPacks } from './compliance';
import { apiPeakOf } from './apis';
import { designUserPool, type UserPoolDesign } from './user-pools';
import type { Sizing } from './sizing';
import type { SecurityDesign } from './types';
import { validationZoneFor, type ZoneRef } from './dns';
import { byText } from '../text';
import { fail } from '../fail';

/*
 * GraphQL APIs (apis.<key>.kind: graphql): AWS AppSync APIs with the schema file as written, a data source per
 * function or table the resolvers name (each with a role allowed exactly what its resolvers do) or container
 * service they call (an HTTP data source at the load balancer's HTTPS name, no role), one resolver
 * per field, field logs, a query depth limit, and the user pool auth: cognito asks for (user-pools.ts). Their
 * alarms are in api-alarms.ts, their web ACL association in waf.ts.
 */

type Api = z.infer<typeof apiSchema>;

export interface GraphqlApiDesign {
  key: string;
  /** `<blueprint>-<key>`. */
  name: string;
  /** AWS_IAM (SigV4), OPENID_CONNECT (jwt), or AMAZON_COGNITO_USER_POOLS (cognito: the pool `userPool`). */
  authenticationType: 'AWS_IAM' | 'OPENID_CONNECT' | 'AMAZON_COGNITO_USER_POOLS';
  /** auth: jwt: the issuer, and the client IDs AppSync accepts as one regular expression (audiences joined by |). */
  openIdConnect?: { issuer: string; clientId: string };
  /** auth: cognito: the user pool's key (userPools), every signed-in user allowed (defaultAction ALLOW), tokens of its client only. */
  userPool?: string;
  /** The SDL as written in the schema file; sha256 names it in the parity inventory. */
  schema: { file: string; definition: string; sha256: string };
  /** With userPool: what a signed-in user of the pool may do when no @aws_cognito_user_pools directive says otherwise. */
  userPoolDefaultAction?: 'ALLOW';
  /** X-Ray tracing of requests: off (observability.tracing is not rendered yet). */
  xray: false;
  /** GLOBAL: reachable from the internet, behind its authorization and web ACL. */
  visibility: 'GLOBAL';
  queryDepthLimit: number;
  /**
   * Field logs (the errors of failing fields, with request-level logs) into /aws/appsync/apis/<api id>, kept
   * retentionDays, written by a role AppSync assumes whose policy names that log group only.
   */
  logs: { fieldLogLevel: 'ERROR'; excludeVerboseContent: false; retentionDays: number };
  /** Sorted by name. */
  dataSources: GraphqlDataSourceDesign[];
  /** Sorted by type, then field. */
  resolvers: GraphqlResolverDesign[];
  /** What it is sized for (sizing.ts), written as tags on the API: peak-rps. */
  sizing: Sizing;
  /**
   * apis.<key>.domain: an AppSync custom domain associated with the API, with a certificate requested for it in
   * the stack's region (us-east-1: AppSync serves it from CloudFront), DNS-validated (in validationZone
   * automatically when the name is in network.dns's zone).
   */
  customDomain?: { name: string; validationZone?: ZoneRef };
}

/** A data source (named as AppSync allows: letters, digits, _) and the actions its role is allowed on its target only. */
export type GraphqlDataSourceDesign =
  | { name: string; type: 'AWS_LAMBDA'; function: string; actions: ['lambda:InvokeFunction'] }
  | { name: string; type: 'AMAZON_DYNAMODB'; table: string; actions: string[]; /** With the stack's key encrypting the table. */ keyActions: string[] }
  /**
   * A container service behind the shared load balancer: AppSync calls `endpoint` (https:// and the listener's
   * name: the service's host, or security.tls.domain) with no IAM signing, so no role.
   */
  | { name: string; type: 'HTTP'; service: string; endpoint: string };

export interface GraphqlResolverDesign {
  typeName: string;
  fieldName: string;
  /** A construct ID and resource-name part: `<Type>-<field>`. */
  id: string;
  dataSource: string;
  /**
   * A table's or container service's APPSYNC_JS code (generated for its operation or request); absent for a function: a direct Lambda
   * resolver, the function getting the whole context.
   */
  code?: string;
  runtime?: { name: 'APPSYNC_JS'; runtimeVersion: '1.0.0' };
}

/** The DynamoDB action of each table operation (and the key actions it needs with the stack's key). */
const OPERATIONS = {
  get: { action: 'dynamodb:GetItem', writes: false },
  put: { action: 'dynamodb:PutItem', writes: true },
  delete: { action: 'dynamodb:DeleteItem', writes: true },
  query: { action: 'dynamodb:Query', writes: false },
  scan: { action: 'dynamodb:Scan', writes: false },
} as const;

/** A query nested deeper than this is refused unless written otherwise. */
export const DEFAULT_QUERY_DEPTH_LIMIT = 10;

/** A data source's name for a function or table key: AppSync names take letters, digits and _ only. */
export const dataSourceName = (kind: 'fn' | 'table' | 'svc', key: string): string => `${kind}_${key.replace(/-/g, '_')}`;

/** The GraphQL APIs of a blueprint and the user pools they ask for, sorted by key. */
export function designGraphqlApis(bp: Blueprint, logRetentionDays: number, log: DecisionLog, security: SecurityDesign): { graphqlApis: GraphqlApiDesign[]; userPools: UserPoolDesign[] } {
  const graphqlApis: GraphqlApiDesign[] = [];
  const userPools: UserPoolDesign[] = [];
  for (const [key, a] of Object.entries(bp.apis ?? {}).sort(([x], [y]) => byText(x, y))) {
    if (a.kind !== 'graphql') continue;
    graphqlApis.push(designGraphqlApi(bp, key, a, logRetentionDays, log, security));
    if (a.auth === 'cognito') userPools.push(designUserPool(bp, key, a.user_pool, log));
  }
  return { graphqlApis, userPools };
}

function designGraphqlApi(bp: Blueprint, key: string, a: Api, logRetentionDays: number, log: DecisionLog, security: SecurityDesign): GraphqlApiDesign {
  const subject = `apis.${key}`;
  const record = recorder(log, 'load-balancing', subject);
  const parsed = readGraphqlSchema(a.schema!);
  const schema = parsed.schema!;
  record('kind', 'GraphQL API', 'written', `AWS AppSync: the schema in ${a.schema} as written, one resolver per field, reachable over HTTPS only (AppSync has no plain-HTTP endpoint)`);

  const authenticationType = a.auth === 'iam' ? 'AWS_IAM' : a.auth === 'jwt' ? 'OPENID_CONNECT' : 'AMAZON_COGNITO_USER_POOLS';
  const recordSecurity = recorder(log, 'security', subject);
  recordSecurity(
    'auth',
    a.auth,
    'written',
    a.auth === 'iam'
      ? 'SigV4-signed requests only: callers need appsync:GraphQL on the API, granted by their own IAM policies'
      : a.auth === 'jwt'
        ? `an OpenID Connect token of ${a.jwt?.issuer} for ${a.jwt?.audience.join(', ')}, checked by AppSync before any resolver runs`
        : "a Cognito user pool generated for this API (user_pool): its signed-in users' tokens, of its own app client only",
  );

  const queryDepthLimit = record(
    'query_depth_limit',
    a.query_depth_limit ?? DEFAULT_QUERY_DEPTH_LIMIT,
    a.query_depth_limit ? 'written' : 'default',
    a.query_depth_limit ? 'written' : `a query nested deeper than ${DEFAULT_QUERY_DEPTH_LIMIT} levels is refused before any resolver runs: one request cannot fan out into unbounded resolver calls (each billed as an operation)`,
  );
  record('logs', `field errors, kept ${logRetentionDays} days`, 'default', 'request-level logs and the errors of failing fields (FieldLogLevel ERROR: ALL would log every field of every request, billed per GB) into /aws/appsync/apis/<id>, written by a role AppSync assumes that may write that log group only (AwsSolutions-ASC3)');

  // One data source per function or table, its role allowed what its resolvers do, on it alone.
  const sources = new Map<string, GraphqlDataSourceDesign>();
  const resolvers: GraphqlResolverDesign[] = [];
  for (const [field, r] of Object.entries(a.resolvers ?? {}).sort(([x], [y]) => byText(x, y))) {
    const [typeName, fieldName] = field.split('.');
    const id = `${typeName}-${fieldName}`;
    if (typeof r === 'string' || 'function' in r) {
      const fn = typeof r === 'string' ? r : r.function;
      const name = dataSourceName('fn', fn);
      sources.set(name, { name, type: 'AWS_LAMBDA', function: fn, actions: ['lambda:InvokeFunction'] });
      resolvers.push({ typeName, fieldName, id, dataSource: name });
      continue;
    }
    if ('service' in r) {
      const name = dataSourceName('svc', r.service);
      const host = bp.services[r.service].host ?? bp.security.tls?.domain ?? fail(`apis.${key}.resolvers.${field}: ${r.service} has no HTTPS name (api-checks.ts refuses it)`);
      sources.set(name, { name, type: 'HTTP', service: r.service, endpoint: `https://${host}` });
      const f = (schema.getType(typeName) as GraphQLObjectType).getFields()[fieldName];
      const code = serviceResolverCode(r.method, r.path, argumentNamesOf(f), returnsList(f));
      resolvers.push({ typeName, fieldName, id, dataSource: name, code, runtime: { name: 'APPSYNC_JS', runtimeVersion: '1.0.0' } });
      continue;
    }
    const store = bp.data![r.table];
    if (store.engine !== 'dynamodb') fail(`apis.${key}.resolvers.${field}: ${r.table} is not a table (api-checks.ts refuses it)`);
    const name = dataSourceName('table', r.table);
    const source = (sources.get(name) as Extract<GraphqlDataSourceDesign, { type: 'AMAZON_DYNAMODB' }> | undefined) ?? { name, type: 'AMAZON_DYNAMODB' as const, table: r.table, actions: [], keyActions: [] };
    const op = OPERATIONS[r.operation];
    source.actions = [...new Set([...source.actions, op.action])].sort(byText);
    if (security.key) {
      const writes = source.actions.some((x) => x === 'dynamodb:PutItem' || x === 'dynamodb:DeleteItem');
      source.keyActions = writes ? ['kms:Decrypt', 'kms:GenerateDataKey'] : ['kms:Decrypt'];
    }
    sources.set(name, source);
    const type = schema.getType(typeName) as GraphQLObjectType;
    const code = tableResolverCode(r.operation, [store.partition_key.name, ...(store.sort_key ? [store.sort_key.name] : [])], returnsList(type.getFields()[fieldName]));
    resolvers.push({ typeName, fieldName, id, dataSource: name, code, runtime: { name: 'APPSYNC_JS', runtimeVersion: '1.0.0' } });
  }
  const dataSources = [...sources.values()].sort((x, y) => byText(x.name, y.name));
  record(
    'resolvers',
    resolvers.map((r) => `${r.typeName}.${r.fieldName} -> ${r.dataSource}`).join(', '),
    'written',
    'functions are invoked directly with the whole request (no mapping templates); tables are read and written by AppSync itself with a generated APPSYNC_JS resolver per operation, no function in between (one operation billed, no Lambda time); container services are called over HTTPS with a generated APPSYNC_JS resolver per field (arguments into the path and, for POST, PUT and PATCH, the JSON body; the JSON answer returned, a 4xx or 5xx status raised as the field\'s error)',
  );
  for (const d of dataSources) {
    if (d.type === 'HTTP') {
      record(
        `data_source_${d.name}`,
        d.endpoint,
        'derived',
        `container service ${d.service} on the shared load balancer's HTTPS listener, by ${bp.services[d.service].host ? `its host` : 'security.tls.domain'} (AppSync reaches public endpoints only, with a publicly trusted certificate: the listener's)`,
      );
      log.record({
        concern: 'security',
        subject,
        name: `data_source_${d.name}`,
        value: 'no service role, no IAM signing',
        source: 'derived',
        rationale: `AppSync signs HTTP requests only for AWS service endpoints (authorizationConfig AWS_IAM); the load balancer checks no SigV4, so a role would grant nothing. Callers are authorized by the API (${a.auth}) before the resolver runs; ${d.service} is public on the load balancer as it was, so it authorizes requests that reach it directly itself`,
      });
      continue;
    }
    log.record({
      concern: 'security',
      subject,
      name: `data_source_${d.name}`,
      value: [...d.actions, ...(d.type === 'AMAZON_DYNAMODB' ? d.keyActions : [])].join(', '),
      source: 'derived',
      rationale: d.type === 'AWS_LAMBDA' ? `the role AppSync assumes for ${d.name} may invoke function ${d.function} only` : `the role AppSync assumes for ${d.name} may do what its resolvers do on table ${d.table} only${d.keyActions.length ? `, and ${d.keyActions.join(' and ')} with the stack's key that encrypts it` : ''}`,
    });
    acknowledgeInPacks(log, security, 'IAMNoInlinePolicy', { kind: 'graphql-data-source-policy', api: key, dataSource: d.name }, `the role AppSync assumes for data source ${d.name} of API ${key} has its own policy: ${d.actions.join(', ')} on ${d.type === 'AWS_LAMBDA' ? `function ${d.function}` : `table ${d.table}`} only, nothing shared; a managed policy would be a second resource with the same single use`);
  }
  acknowledgeInPacks(log, security, 'IAMNoInlinePolicy', { kind: 'graphql-logs-policy', api: key }, `the role AppSync assumes to write API ${key}'s logs has its own policy: that log group only; a managed policy would be a second resource with the same single use`);

  const peak = apiPeakOf(bp, a);
  if (peak !== undefined) record('peak_rps', `${pct(peak)}/s`, a.peak_rps === undefined ? 'derived' : 'written', a.peak_rps === undefined ? 'requirements.peak_rps: what its resolvers (and functions) are sized for' : 'written');
  const definition = parsed.sdl;
  const validationZone = a.domain ? validationZoneFor(bp, a.domain) : undefined;
  if (a.domain) {
    record(
      'domain',
      `${a.domain}: AppSync custom domain`,
      'written',
      `apis.${key}.domain: AppSync serves the name from CloudFront with an ACM certificate requested in us-east-1 ${validationZone ? `and validated in ${validationZone.name} automatically, with an alias record there` : 'whose validation record you add to your DNS (or write network.dns)'}; clients reach https://${a.domain}/graphql`,
    );
  }
  return {
    key,
    name: `${bp.name}-${key}`,
    authenticationType,
    ...(a.auth === 'jwt' && a.jwt ? { openIdConnect: { issuer: a.jwt.issuer, clientId: [...a.jwt.audience].sort(byText).map(escapeRegex).join('|') } } : {}),
    ...(a.auth === 'cognito' ? { userPool: key, userPoolDefaultAction: 'ALLOW' as const } : {}),
    xray: false,
    schema: { file: a.schema!, definition, sha256: createHash('sha256').update(definition).digest('hex') },
    visibility: 'GLOBAL',
    queryDepthLimit,
    logs: { fieldLogLevel: 'ERROR', excludeVerboseContent: false, retentionDays: logRetentionDays },
    dataSources,
    resolvers,
    sizing: peak !== undefined ? { 'peak-rps': peak } : {},
    ...(a.domain ? { customDomain: { name: a.domain, ...(validationZone ? { validationZone } : {}) } } : {}),
  };
}

/**
 * The APPSYNC_JS resolver of one container service call: each {parameter} of the path filled from the field's
 * argument of that name (URL-encoded); for POST, PUT and PATCH the other arguments as a JSON body (the one
 * input argument's value when they are just that). The answer: the parsed JSON body (null when empty), a list
 * field's a JSON list; a 4xx or 5xx status is the field's error (type HTTP_<status>, the status in its info).
 */
export function serviceResolverCode(method: string, path: string, args: { args: string[]; input?: { name: string } }, list: boolean): string {
  const params = [...path.matchAll(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g)].map((m) => m[1]);
  const resourcePath = path.replace(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, p: string) => `\${util.urlEncode(String(ctx.args[${JSON.stringify(p)}]))}`);
  const rest = args.args.filter((x) => !params.includes(x));
  const hasBody = method === 'POST' || method === 'PUT' || method === 'PATCH';
  const body = args.input && rest.length === 1 && rest[0] === args.input.name ? `ctx.args[${JSON.stringify(args.input.name)}]` : `{ ${rest.map((k) => `${JSON.stringify(k)}: ctx.args[${JSON.stringify(k)}]`).join(', ')} }`;
  const what = `${method} ${path}`;
  return [
    "import { util } from '@aws-appsync/utils';",
    '',
    'export function request(ctx) {',
    '  return {',
    `    method: '${method}',`,
    `    resourcePath: \`${resourcePath}\`,`,
    hasBody ? `    params: { headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify(${body}) },` : "    params: { headers: { accept: 'application/json' } },",
    '  };',
    '}',
    '',
    'export function response(ctx) {',
    '  if (ctx.error) util.error(ctx.error.message, ctx.error.type);',
    '  const { statusCode, body } = ctx.result;',
    `  if (statusCode >= 400) util.error(\`${what} answered \${statusCode}\`, \`HTTP_\${statusCode}\`, null, { statusCode });`,
    '  const value = body ? JSON.parse(body) : null;',
    ...(list ? [`  if (value !== null && !Array.isArray(value)) util.error('${what} answered no JSON list', 'BadResponse');`] : []),
    '  return value;',
    '}',
    '',
  ].join('\n');
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The APPSYNC_JS resolver of one table operation. The key comes from the field's arguments (a put's from its
 * one input argument when it has one, the other attributes written as they come); a query reads one partition
 * key; a query or scan answers a list field with the items, any other type with { items, nextToken }, a page of
 * `limit` (100 when not given) from `nextToken`.
 */
export function tableResolverCode(operation: keyof typeof OPERATIONS, keys: string[], list: boolean): string {
  const pick = (from: string, names: string[]) => `{ ${names.map((k) => `${JSON.stringify(k)}: ${from}[${JSON.stringify(k)}]`).join(', ')} }`;
  const request: Record<keyof typeof OPERATIONS, string[]> = {
    get: [`  return { operation: 'GetItem', key: util.dynamodb.toMapValues(${pick('ctx.args', keys)}) };`],
    delete: [`  return { operation: 'DeleteItem', key: util.dynamodb.toMapValues(${pick('ctx.args', keys)}) };`],
    put: [
      '  const values = ctx.args.input ?? ctx.args;',
      `  const key = ${pick('values', keys)};`,
      '  const attributes = { ...values };',
      ...keys.map((k) => `  delete attributes[${JSON.stringify(k)}];`),
      "  return { operation: 'PutItem', key: util.dynamodb.toMapValues(key), attributeValues: util.dynamodb.toMapValues(attributes) };",
    ],
    query: [
      `  const query = { expression: '#pk = :pk', expressionNames: { '#pk': ${JSON.stringify(keys[0])} }, expressionValues: util.dynamodb.toMapValues({ ':pk': ctx.args[${JSON.stringify(keys[0])}] }) };`,
      "  return { operation: 'Query', query, limit: ctx.args.limit ?? 100, nextToken: ctx.args.nextToken };",
    ],
    scan: ["  return { operation: 'Scan', limit: ctx.args.limit ?? 100, nextToken: ctx.args.nextToken };"],
  };
  const many = operation === 'query' || operation === 'scan';
  const result = many ? (list ? 'ctx.result.items' : '{ items: ctx.result.items, nextToken: ctx.result.nextToken }') : 'ctx.result';
  return [
    "import { util } from '@aws-appsync/utils';",
    '',
    'export function request(ctx) {',
    ...request[operation],
    '}',
    '',
    'export function response(ctx) {',
    '  if (ctx.error) util.error(ctx.error.message, ctx.error.type);',
    `  return ${result};`,
    '}',
    '',
  ].join('\n');
}
