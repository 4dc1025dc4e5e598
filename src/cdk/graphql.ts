import { Stack, aws_appsync as appsync, aws_iam as iam } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { GraphqlApiDesign } from '../design';
import type { FunctionFor } from './functions';
import type { DataStore } from './data';
import type { UserPools } from './user-pools';
import { stackKey } from './key';
import { requestCertificate } from './dns';
import { createLogGroup } from './retention';
import { tagSizing } from './tags';
import { fail } from '../fail';

/**
 * GraphQL APIs, one construct per API (`Graphql-<key>`): the AppSync API (`Api`), its schema (`Schema`), its
 * log group (`Logs`, named /aws/appsync/apis/<id>) and the role AppSync writes it with (`LogsRole`, policy
 * `LogsAccess`), one data source per function or table (`Source-<name>`, role `SourceRole-<name>`, policy
 * `SourceAccess-<name>`; a container service's HTTP data source has none), one resolver per field (`Resolver-<Type>-<field>`, after the schema) and its custom
 * domain (`Domain`, `Certificate`, `DomainAssociation`). Every
 * property is the design's (L1 resources).
 */
export class GraphqlApis extends Construct {
  readonly apis = new Map<string, { api: appsync.CfnGraphQLApi; logsAccess: iam.Policy; sourceAccess: Map<string, iam.Policy>; domain?: appsync.CfnDomainName }>();

  constructor(scope: Construct, id: string, props: { apis: GraphqlApiDesign[]; functions: ReadonlyMap<string, FunctionFor>; stores: ReadonlyMap<string, DataStore>; userPools?: UserPools }) {
    super(scope, id);
    for (const d of props.apis) this.apis.set(d.key, renderApi(new Construct(this, `Graphql-${d.key}`), d, props));
  }
}

function renderApi(scope: Construct, d: GraphqlApiDesign, props: ConstructorParameters<typeof GraphqlApis>[2]) {
  const allow = (actions: string[], resources: string[]) => new iam.PolicyStatement({ effect: iam.Effect.ALLOW, actions, resources });
  const principal = new iam.ServicePrincipal('appsync.amazonaws.com');
  const logsRole = new iam.Role(scope, 'LogsRole', { assumedBy: principal });
  const pool = d.userPool ? (props.userPools?.pools.get(d.userPool) ?? fail(`GraphQL API ${d.key}: user pool ${d.userPool} is not rendered`)) : undefined;
  const api = new appsync.CfnGraphQLApi(scope, 'Api', {
    name: d.name,
    authenticationType: d.authenticationType,
    ...(d.openIdConnect ? { openIdConnectConfig: { issuer: d.openIdConnect.issuer, clientId: d.openIdConnect.clientId } } : {}),
    ...(pool ? { userPoolConfig: { userPoolId: pool.pool.ref, awsRegion: Stack.of(scope).region, defaultAction: d.userPoolDefaultAction ?? fail(`GraphQL API ${d.key}: a user pool without its default action`), appIdClientRegex: pool.client.ref } } : {}),
    visibility: d.visibility,
    queryDepthLimit: d.queryDepthLimit,
    xrayEnabled: d.xray,
    logConfig: { cloudWatchLogsRoleArn: logsRole.roleArn, fieldLogLevel: d.logs.fieldLogLevel, excludeVerboseContent: d.logs.excludeVerboseContent },
  });
  tagSizing(api, d.sizing, 'AWS::AppSync::GraphQLApi');
  const logGroup = createLogGroup(scope, 'Logs', d.logs.retentionDays, { logGroupName: `/aws/appsync/apis/${api.attrApiId}` });
  const logsAccess = new iam.Policy(scope, 'LogsAccess', { document: new iam.PolicyDocument({ minimize: false, statements: [allow(['logs:CreateLogStream', 'logs:PutLogEvents'], [logGroup.logGroupArn])] }), roles: [logsRole] });
  const schema = new appsync.CfnGraphQLSchema(scope, 'Schema', { apiId: api.attrApiId, definition: d.schema.definition });

  const sourceAccess = new Map<string, iam.Policy>();
  const sources = new Map<string, appsync.CfnDataSource>();
  for (const s of d.dataSources) {
    if (s.type === 'HTTP') {
      // A container service on the load balancer: its HTTPS name, no IAM signing, so no role.
      sources.set(s.name, new appsync.CfnDataSource(scope, `Source-${s.name}`, { apiId: api.attrApiId, name: s.name, type: s.type, httpConfig: { endpoint: s.endpoint } }));
      continue;
    }
    const role = new iam.Role(scope, `SourceRole-${s.name}`, { assumedBy: principal });
    let statements: iam.PolicyStatement[];
    let config: Partial<appsync.CfnDataSourceProps>;
    if (s.type === 'AWS_LAMBDA') {
      const fn = props.functions.get(s.function) ?? fail(`GraphQL API ${d.key}: data source ${s.name} invokes function ${s.function}, which is not rendered`);
      statements = [allow(s.actions, [fn.invokeArn])];
      config = { lambdaConfig: { lambdaFunctionArn: fn.invokeArn } };
    } else {
      const table = props.stores.get(s.table);
      if (table?.kind !== 'table') fail(`GraphQL API ${d.key}: data source ${s.name} reads table ${s.table}, which is not rendered`);
      const key = s.keyActions.length ? (stackKey(scope) ?? fail(`GraphQL API ${d.key}: key actions without the stack's key`)) : undefined;
      statements = [allow(s.actions, [table.resource.tableArn]), ...(key ? [allow(s.keyActions, [key.keyArn])] : [])];
      config = { dynamoDbConfig: { tableName: table.resource.tableName, awsRegion: Stack.of(scope).region } };
    }
    sourceAccess.set(s.name, new iam.Policy(scope, `SourceAccess-${s.name}`, { document: new iam.PolicyDocument({ minimize: false, statements }), roles: [role] }));
    const source = new appsync.CfnDataSource(scope, `Source-${s.name}`, { apiId: api.attrApiId, name: s.name, type: s.type, serviceRoleArn: role.roleArn, ...config });
    sources.set(s.name, source);
  }
  for (const r of d.resolvers) {
    const resolver = new appsync.CfnResolver(scope, `Resolver-${r.id}`, {
      apiId: api.attrApiId,
      typeName: r.typeName,
      fieldName: r.fieldName,
      dataSourceName: (sources.get(r.dataSource) ?? fail(`GraphQL API ${d.key}: resolver ${r.id} names data source ${r.dataSource}, which is not rendered`)).attrName,
      kind: 'UNIT',
      ...(r.code ? { code: r.code, runtime: r.runtime } : {}),
    });
    // A resolver names a field of the schema: AppSync refuses it before the schema exists.
    resolver.node.addDependency(schema);
  }
  // Its custom domain (`Domain`, its certificate `Certificate`), associated with the API (`DomainAssociation`).
  let domain: appsync.CfnDomainName | undefined;
  if (d.customDomain) {
    const certificate = requestCertificate(scope, 'Certificate', d.customDomain.name, d.customDomain.validationZone);
    domain = new appsync.CfnDomainName(scope, 'Domain', { domainName: d.customDomain.name, certificateArn: certificate.certificateArn });
    const association = new appsync.CfnDomainNameApiAssociation(scope, 'DomainAssociation', { domainName: d.customDomain.name, apiId: api.attrApiId });
    association.node.addDependency(domain);
  }
  return { api, logsAccess, sourceAccess, domain };
}

