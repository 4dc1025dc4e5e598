/*
 * The blueprint's AppSync GraphQL APIs and Cognito user pools read from a CloudFormation template: each
 * AWS::AppSync::GraphQLApi (its key from its Name, "<blueprint>-<key>"), its one schema, its data sources (each
 * with the role AppSync assumes for it) and resolvers, the role it writes its logs with and the log group it
 * owns (/aws/appsync/apis/<id>); each AWS::Cognito::UserPool with its one client. Every property these do not
 * read throws, as does a schema, data source, resolver or client of no API or pool.
 */
import { createHash } from 'node:crypto';
import { readSizing } from '../../design/sizing';
import type { GraphqlApiInventory, PermissionInventory, UserPoolInventory } from '../inventory';
import type { Context } from './context';
import { readRolePermissions } from './policies';
import { tagList } from './apis';
import { certificate } from './certificates';
import { T } from './resource-types';
import { fail, isObject, list, obj, onlyKnown, refOf, type CfnTemplate, type Resolver } from './template';

const API = ['AuthenticationType', 'IntrospectionConfig', 'LogConfig', 'Name', 'OpenIDConnectConfig', 'QueryDepthLimit', 'Tags', 'UserPoolConfig', 'Visibility', 'XrayEnabled'];
const LOG_CONFIG = ['CloudWatchLogsRoleArn', 'ExcludeVerboseContent', 'FieldLogLevel'];
const OIDC = ['ClientId', 'Issuer'];
const USER_POOL_CONFIG = ['AppIdClientRegex', 'AwsRegion', 'DefaultAction', 'UserPoolId'];
const SCHEMA = ['ApiId', 'Definition'];
const DATA_SOURCE = ['ApiId', 'DynamoDBConfig', 'HttpConfig', 'LambdaConfig', 'Name', 'ServiceRoleArn', 'Type'];
const RESOLVER = ['ApiId', 'Code', 'DataSourceName', 'FieldName', 'Kind', 'Runtime', 'TypeName'];
const POOL = ['AccountRecoverySetting', 'AdminCreateUserConfig', 'AutoVerifiedAttributes', 'DeletionProtection', 'EnabledMfas', 'MfaConfiguration', 'Policies', 'UserPoolAddOns', 'UserPoolName', 'UserPoolTags', 'UserPoolTier', 'UsernameAttributes'];
const PASSWORD = ['MinimumLength', 'RequireLowercase', 'RequireNumbers', 'RequireSymbols', 'RequireUppercase', 'TemporaryPasswordValidityDays'];
const CLIENT = ['ClientName', 'EnableTokenRevocation', 'ExplicitAuthFlows', 'GenerateSecret', 'PreventUserExistenceErrors', 'UserPoolId'];

/** A blueprint key (src/schema/common.ts). */
const KEY = /^[a-z][a-z0-9-]{0,30}[a-z0-9]$/;

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

function only(o: Record<string, unknown>, fields: readonly string[], where: string): Record<string, unknown> {
  const extra = Object.keys(o).filter((k) => !fields.includes(k));
  if (extra.length) fail(where, `${extra.join(', ')}: not in the inventory`);
  return o;
}

/** A key from a Name "<blueprint>-<key>", the blueprint named by the resource's "blueprint" tag. */
function keyOf(t: CfnTemplate, id: string, name: string, blueprint: string | undefined, field: string): string {
  if (blueprint === undefined) fail(t.where(id), 'has no "blueprint" tag, the blueprint whose name starts its name');
  const key = name.startsWith(`${blueprint}-`) ? name.slice(blueprint.length + 1) : '';
  if (!KEY.test(key)) fail(t.where(id, field), `${JSON.stringify(name)} is not "${blueprint}-<key>" (the blueprint's name, then an API key)`);
  return key;
}

/** A GraphQL API's key, by its logical ID: also the name its ApiId and Arn get elsewhere ("graphql-api:<key>"). */
export function graphqlApiKey(t: CfnTemplate, r: Resolver, id: string): string {
  return keyOf(t, id, r.str(t.props(id).Name, t.where(id, 'Name')), tagList(t, r, id).blueprint, 'Name');
}

/** A user pool's key, by its logical ID ("user-pool:<key>"). */
export function userPoolKey(t: CfnTemplate, r: Resolver, id: string): string {
  const tags = obj(t.props(id).UserPoolTags ?? {}, t.where(id, 'UserPoolTags'));
  return keyOf(t, id, r.str(t.props(id).UserPoolName, t.where(id, 'UserPoolName')), tags.blueprint === undefined ? undefined : r.str(tags.blueprint, t.where(id, 'UserPoolTags')), 'UserPoolName');
}

/** What a role AppSync assumes may do; its trust policy must name appsync.amazonaws.com only. */
function appsyncRole(x: Context, v: unknown, where: string, resource: (v: unknown, where: string) => string): PermissionInventory[] {
  const { t } = x;
  const role = t.target(v, ['AWS::IAM::Role'], where);
  if (refOf(v)!.attr !== 'Arn') fail(where, `names ${role} by something other than its Arn`);
  const trust = JSON.stringify(t.props(role).AssumeRolePolicyDocument ?? {});
  if (!trust.includes('"Service":"appsync.amazonaws.com"') || (trust.match(/"Principal"/g) ?? []).length !== 1) fail(t.where(role, 'AssumeRolePolicyDocument'), 'is not assumed by appsync.amazonaws.com alone');
  return readRolePermissions(t, role, 'a role AppSync assumes', resource);
}

export function readGraphqlApis(x: Context): GraphqlApiInventory[] {
  const { t, r, names } = x;
  const keys = new Map(t.ofType(T.graphqlApi).map((id) => [id, graphqlApiKey(t, r, id)]));
  // Schemas, data sources and resolvers, by the API their ApiId names (Fn::GetAtt ApiId).
  const byApi = (type: string) => {
    const out = new Map<string, string[]>([...keys.keys()].map((api) => [api, []]));
    for (const id of t.ofType(type)) {
      const v = t.props(id).ApiId;
      const api = t.target(v, [T.graphqlApi], t.where(id, 'ApiId'));
      if (refOf(v)!.attr !== 'ApiId') fail(t.where(id, 'ApiId'), `names ${api} by something other than its ApiId`);
      out.get(api)!.push(id);
    }
    return out;
  };
  const schemas = byApi(T.graphqlSchema);
  const sources = byApi(T.graphqlDataSource);
  const resolvers = byApi(T.graphqlResolver);
  const pools = new Map(t.ofType(T.userPool).map((id) => [id, userPoolKey(t, r, id)]));

  // Each API's log group: named /aws/appsync/apis/<its ApiId>.
  const logGroupOf = new Map<string, string>();
  for (const lg of t.ofType(T.logGroup)) {
    const n = t.props(lg).LogGroupName;
    const join = isObject(n) ? n['Fn::Join'] : undefined;
    if (!Array.isArray(join) || join[0] !== '' || !Array.isArray(join[1]) || join[1][0] !== '/aws/appsync/apis/') continue;
    const api = t.target(join[1][1], [T.graphqlApi], t.where(lg, 'LogGroupName'));
    if (join[1].length !== 2 || refOf(join[1][1])!.attr !== 'ApiId') fail(t.where(lg, 'LogGroupName'), 'is not /aws/appsync/apis/<the API\'s ApiId>');
    names.ownLogGroup(lg, `graphql-api:${keys.get(api)}`, 'its name');
    logGroupOf.set(api, lg);
  }

  return [...keys].map(([api, key]): GraphqlApiInventory => {
    const p = t.props(api);
    const w = (field: string) => t.where(api, field);
    onlyKnown(t, api, API, 'a GraphQL API (additional authentication providers, Lambda authorizers, caching and enhanced metrics are not)');
    const own = schemas.get(api)!;
    if (own.length !== 1) fail(t.where(api), `has ${own.length} schemas; the inventory reads an API with exactly one`);
    onlyKnown(t, own[0], SCHEMA, 'a GraphQL schema (a DefinitionS3Location is not)');

    let openIdConnect: GraphqlApiInventory['openIdConnect'] = null;
    if (p.OpenIDConnectConfig !== undefined) {
      const c = only(obj(p.OpenIDConnectConfig, w('OpenIDConnectConfig')), OIDC, w('OpenIDConnectConfig'));
      openIdConnect = { issuer: r.str(c.Issuer, w('OpenIDConnectConfig.Issuer')), clientId: r.str(c.ClientId, w('OpenIDConnectConfig.ClientId')) };
    }
    let userPool: GraphqlApiInventory['userPool'] = null;
    if (p.UserPoolConfig !== undefined) {
      const c = only(obj(p.UserPoolConfig, w('UserPoolConfig')), USER_POOL_CONFIG, w('UserPoolConfig'));
      const pool = t.target(c.UserPoolId, [T.userPool], w('UserPoolConfig.UserPoolId'));
      if (refOf(c.UserPoolId)!.attr !== 'Ref') fail(w('UserPoolConfig.UserPoolId'), `names ${pool} by something other than Ref (its id)`);
      if (r.str(c.AwsRegion, w('UserPoolConfig.AwsRegion')) !== x.region()) fail(w('UserPoolConfig.AwsRegion'), "is not the stack's region");
      let appIdClientRegex: string | null = null;
      if (c.AppIdClientRegex !== undefined) {
        const client = refOf(c.AppIdClientRegex) && t.type(refOf(c.AppIdClientRegex)!.id) === T.userPoolClient ? refOf(c.AppIdClientRegex)!.id : undefined;
        if (client !== undefined && refOf(c.AppIdClientRegex)!.attr !== 'Ref') fail(w('UserPoolConfig.AppIdClientRegex'), 'names a client by something other than Ref (its id)');
        appIdClientRegex = client !== undefined ? `user-pool-client:${pools.get(t.target(t.props(client).UserPoolId, [T.userPool], t.where(client, 'UserPoolId')))}` : r.str(c.AppIdClientRegex, w('UserPoolConfig.AppIdClientRegex'));
      }
      userPool = { pool: `user-pool:${pools.get(pool)}`, defaultAction: r.str(c.DefaultAction, w('UserPoolConfig.DefaultAction')), appIdClientRegex };
    }

    let logs: GraphqlApiInventory['logs'] = null;
    if (p.LogConfig !== undefined) {
      const c = only(obj(p.LogConfig, w('LogConfig')), LOG_CONFIG, w('LogConfig'));
      const logGroup = logGroupOf.get(api);
      const rolePermissions = appsyncRole(x, c.CloudWatchLogsRoleArn, w('LogConfig.CloudWatchLogsRoleArn'), (v, where) => {
        const ref = refOf(v);
        if (!ref || t.type(ref.id) !== T.logGroup || ref.attr !== 'Arn' || ref.id !== logGroup) fail(where, `is not the Arn of the API's log group (${logGroup ?? 'none'})`);
        return `log-group:graphql-api:${key}`;
      });
      logs = { fieldLogLevel: r.str(c.FieldLogLevel, w('LogConfig.FieldLogLevel')), excludeVerboseContent: r.bool(c.ExcludeVerboseContent, false, w('LogConfig.ExcludeVerboseContent')), rolePermissions };
    }

    const sourceName = new Map<string, string>();
    const dataSources = sources.get(api)!.map((id): GraphqlApiInventory['dataSources'][number] => {
      const q = t.props(id);
      const sw = (field: string) => t.where(id, field);
      onlyKnown(t, id, DATA_SOURCE, 'a data source (OpenSearch, relational databases and EventBridge are not)');
      const name = r.str(q.Name, sw('Name'));
      sourceName.set(id, name);
      const type = r.str(q.Type, sw('Type'));
      let target: string;
      const configs = ['LambdaConfig', 'DynamoDBConfig', 'HttpConfig'].filter((f) => q[f] !== undefined);
      if (type === 'HTTP' && configs.join() === 'HttpConfig') {
        // An HTTP endpoint: its URL as written (AuthorizationConfig, IAM signing, is not in the inventory).
        const c = only(obj(q.HttpConfig, sw('HttpConfig')), ['Endpoint'], sw('HttpConfig'));
        target = r.str(c.Endpoint, sw('HttpConfig.Endpoint'));
        if (!/^https:\/\/[^/]+$/.test(target)) fail(sw('HttpConfig.Endpoint'), `is ${target}, not https:// and a name`);
        if (q.ServiceRoleArn !== undefined) fail(sw('ServiceRoleArn'), 'is set on an HTTP data source that signs nothing');
        return { name, type, target, rolePermissions: [] };
      }
      if (type === 'AWS_LAMBDA' && configs.join() === 'LambdaConfig') {
        const c = only(obj(q.LambdaConfig, sw('LambdaConfig')), ['LambdaFunctionArn'], sw('LambdaConfig'));
        target = names.invokedFunction(c.LambdaFunctionArn, sw('LambdaConfig.LambdaFunctionArn'), ['Arn']).name;
      } else if (type === 'AMAZON_DYNAMODB' && configs.join() === 'DynamoDBConfig') {
        const c = only(obj(q.DynamoDBConfig, sw('DynamoDBConfig')), ['AwsRegion', 'TableName'], sw('DynamoDBConfig'));
        if (r.str(c.AwsRegion, sw('DynamoDBConfig.AwsRegion')) !== x.region()) fail(sw('DynamoDBConfig.AwsRegion'), "is not the stack's region");
        target = r.str(c.TableName, sw('DynamoDBConfig.TableName'));
        if (!/^table:[^/]+$/.test(target)) fail(sw('DynamoDBConfig.TableName'), `names ${target}, not a table of the blueprint`);
      } else {
        return fail(sw('Type'), `${type} with ${configs.join(' and ') || 'no config'}: the inventory reads AWS_LAMBDA with LambdaConfig, AMAZON_DYNAMODB with DynamoDBConfig or HTTP with HttpConfig`);
      }
      const rolePermissions = appsyncRole(x, q.ServiceRoleArn, sw('ServiceRoleArn'), (v, where) => {
        const ref = refOf(v);
        if (ref && (t.type(ref.id) === T.lambda || t.type(ref.id) === T.lambdaAlias)) return names.invokedFunction(v, where, ['Arn']).name;
        const { store, path } = x.arns.resource(v, where);
        if (!((store === 'key' || store.startsWith('table:')) && path === '')) fail(where, `${store}${path} is neither a table, a function nor the stack's key`);
        return store;
      });
      return { name, type, target, rolePermissions };
    });

    const apiResolvers = resolvers.get(api)!.map((id): GraphqlApiInventory['resolvers'][number] => {
      const q = t.props(id);
      const rw = (field: string) => t.where(id, field);
      onlyKnown(t, id, RESOLVER, 'a resolver (pipeline functions, caching, sync configs, mapping templates and max batch sizes are not)');
      const source = t.target(q.DataSourceName, [T.graphqlDataSource], rw('DataSourceName'));
      if (refOf(q.DataSourceName)!.attr !== 'Name') fail(rw('DataSourceName'), `names ${source} by something other than its Name`);
      if (!sources.get(api)!.includes(source)) fail(rw('DataSourceName'), `names ${source}, a data source of another API`);
      if (!t.dependsOn(id).includes(own[0])) fail(t.where(id), `does not depend on the API's schema ${own[0]}: AppSync refuses a resolver before its field exists`);
      let runtime: string | null = null;
      if (q.Runtime !== undefined) {
        const c = only(obj(q.Runtime, rw('Runtime')), ['Name', 'RuntimeVersion'], rw('Runtime'));
        runtime = `${r.str(c.Name, rw('Runtime.Name'))}@${r.str(c.RuntimeVersion, rw('Runtime.RuntimeVersion'))}`;
      }
      return {
        field: `${r.str(q.TypeName, rw('TypeName'))}.${r.str(q.FieldName, rw('FieldName'))}`,
        dataSource: sourceName.get(source)!,
        kind: q.Kind === undefined ? 'UNIT' : r.str(q.Kind, rw('Kind')),
        runtime,
        codeSha256: q.Code === undefined ? null : sha256(r.str(q.Code, rw('Code'))),
      };
    });

    // Its custom domain: the one domain an association names with this API.
    const associations = t.ofType(T.graphqlDomainAssociation).filter((a) => t.target(t.props(a).ApiId, [T.graphqlApi], t.where(a, 'ApiId')) === api);
    if (associations.length > 1) fail(t.where(api), `has ${associations.length} custom domains; the inventory reads one at most`);
    let domain: GraphqlApiInventory['domain'] = null;
    if (associations.length) {
      const a = associations[0];
      onlyKnown(t, a, ['ApiId', 'DomainName'], 'a domain association');
      const name = r.str(t.props(a).DomainName, t.where(a, 'DomainName'));
      const d = t.ofType(T.graphqlDomain).find((id) => t.props(id).DomainName === name) ?? fail(t.where(a, 'DomainName'), `names ${name}, no AppSync domain of the template`);
      onlyKnown(t, d, ['CertificateArn', 'DomainName', 'Description', 'Tags'], 'an AppSync domain');
      domain = { name, certificate: certificate(x, t.props(d).CertificateArn, t.where(d, 'CertificateArn')) };
    }
    const tags = tagList(t, r, api);
    let sizing;
    try {
      sizing = readSizing(tags, w('Tags'));
    } catch (e) {
      return fail(w('Tags'), (e as Error).message);
    }
    let introspection = 'ENABLED';
    if (p.IntrospectionConfig !== undefined) introspection = r.str(p.IntrospectionConfig, w('IntrospectionConfig'));
    return {
      key,
      sizing,
      authenticationType: r.str(p.AuthenticationType, w('AuthenticationType')),
      openIdConnect,
      userPool,
      visibility: p.Visibility === undefined ? 'GLOBAL' : r.str(p.Visibility, w('Visibility')),
      introspection,
      queryDepthLimit: p.QueryDepthLimit === undefined ? null : r.num(p.QueryDepthLimit, w('QueryDepthLimit')),
      xray: r.bool(p.XrayEnabled, false, w('XrayEnabled')),
      logs,
      schemaSha256: sha256(r.str(t.props(own[0]).Definition, t.where(own[0], 'Definition'))),
      domain,
      dataSources,
      resolvers: apiResolvers,
    };
  });
}

export function readUserPools(x: Context): UserPoolInventory[] {
  const { t, r } = x;
  const clients = t.ofType(T.userPoolClient);
  return t.ofType(T.userPool).map((id): UserPoolInventory => {
    const p = t.props(id);
    const w = (field: string) => t.where(id, field);
    onlyKnown(t, id, POOL, 'a user pool (Lambda triggers, SMS, email and domain settings, schemas and identity providers are not)');
    const strs = (v: unknown, where: string) => list(v ?? [], where).map((s, i) => r.str(s, `${where}[${i}]`));
    const policies = only(obj(p.Policies, w('Policies')), ['PasswordPolicy'], w('Policies'));
    const pw = only(obj(policies.PasswordPolicy, w('Policies.PasswordPolicy')), PASSWORD, w('Policies.PasswordPolicy'));
    const pb = (f: string) => r.bool(pw[f], false, w(`Policies.PasswordPolicy.${f}`));
    const recovery = list(obj(p.AccountRecoverySetting, w('AccountRecoverySetting')).RecoveryMechanisms, w('AccountRecoverySetting.RecoveryMechanisms'))
      .map((m, i) => obj(m, w(`AccountRecoverySetting.RecoveryMechanisms[${i}]`)))
      .sort((a, b) => r.num(a.Priority, w('AccountRecoverySetting')) - r.num(b.Priority, w('AccountRecoverySetting')))
      .map((m) => r.str(m.Name, w('AccountRecoverySetting')));
    const own = clients.filter((c) => t.target(t.props(c).UserPoolId, [T.userPool], t.where(c, 'UserPoolId')) === id);
    if (own.length !== 1) fail(t.where(id), `has ${own.length} app clients; the inventory reads a pool with exactly one`);
    const c = own[0];
    onlyKnown(t, c, CLIENT, 'an app client (OAuth flows, callback URLs, token validity and analytics are not)');
    const q = t.props(c);
    const admin = p.AdminCreateUserConfig === undefined ? {} : only(obj(p.AdminCreateUserConfig, w('AdminCreateUserConfig')), ['AllowAdminCreateUserOnly'], w('AdminCreateUserConfig'));
    const addOns = p.UserPoolAddOns === undefined ? undefined : only(obj(p.UserPoolAddOns, w('UserPoolAddOns')), ['AdvancedSecurityMode'], w('UserPoolAddOns'));
    return {
      key: userPoolKey(t, r, id),
      tier: p.UserPoolTier === undefined ? 'ESSENTIALS' : r.str(p.UserPoolTier, w('UserPoolTier')),
      mfa: p.MfaConfiguration === undefined ? 'OFF' : r.str(p.MfaConfiguration, w('MfaConfiguration')),
      enabledMfas: strs(p.EnabledMfas, w('EnabledMfas')),
      passwordPolicy: {
        minimumLength: r.num(pw.MinimumLength, w('Policies.PasswordPolicy.MinimumLength')),
        requireLowercase: pb('RequireLowercase'),
        requireUppercase: pb('RequireUppercase'),
        requireNumbers: pb('RequireNumbers'),
        requireSymbols: pb('RequireSymbols'),
        temporaryPasswordValidityDays: r.num(pw.TemporaryPasswordValidityDays, w('Policies.PasswordPolicy.TemporaryPasswordValidityDays')),
      },
      usernameAttributes: strs(p.UsernameAttributes, w('UsernameAttributes')),
      autoVerifiedAttributes: strs(p.AutoVerifiedAttributes, w('AutoVerifiedAttributes')),
      adminCreateUserOnly: r.bool(admin.AllowAdminCreateUserOnly, false, w('AdminCreateUserConfig.AllowAdminCreateUserOnly')),
      accountRecovery: recovery,
      advancedSecurityMode: addOns?.AdvancedSecurityMode === undefined ? null : r.str(addOns.AdvancedSecurityMode, w('UserPoolAddOns.AdvancedSecurityMode')),
      deletionProtection: p.DeletionProtection === undefined ? 'INACTIVE' : r.str(p.DeletionProtection, w('DeletionProtection')),
      retained: t.retained(id),
      client: {
        name: r.str(q.ClientName, t.where(c, 'ClientName')),
        generateSecret: r.bool(q.GenerateSecret, false, t.where(c, 'GenerateSecret')),
        explicitAuthFlows: strs(q.ExplicitAuthFlows, t.where(c, 'ExplicitAuthFlows')),
        preventUserExistenceErrors: q.PreventUserExistenceErrors === undefined ? 'LEGACY' : r.str(q.PreventUserExistenceErrors, t.where(c, 'PreventUserExistenceErrors')),
        enableTokenRevocation: r.bool(q.EnableTokenRevocation, true, t.where(c, 'EnableTokenRevocation')),
      },
    };
  });
}
