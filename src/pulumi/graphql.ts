import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { requestCertificate, type AliasTarget } from './dns';
import type { GraphqlApiDesign } from '../design';
import type { RenderedStore } from './data';
import { assumeRolePolicy } from './iam';
import { keyArnFor } from './key';
import { logGroup as createLogGroup } from './retention';
import { sizedTags } from './tags';
import { fail } from '../fail';

/** The service principal every role of a GraphQL API is assumed by. */
const APPSYNC = 'appsync.amazonaws.com';

/** What the logs role may do on its API's log group's streams (no logs:CreateLogGroup: the stack creates the group). */
export const GRAPHQL_LOG_ACTIONS = ['logs:CreateLogStream', 'logs:PutLogEvents'];

/** A policy document of Allow statements, each `actions` on `resources`, as IAM reads it (one action or resource unwrapped). */
function policyOf(statements: { actions: string[]; resources: pulumi.Input<string>[] }[]): pulumi.Output<string> {
  const one = (list: string[]) => (list.length === 1 ? list[0] : list);
  return pulumi
    .all(statements.map((s) => pulumi.all(s.resources).apply((r) => ({ Effect: 'Allow', Action: one(s.actions), Resource: one(r) }))))
    .apply((Statement) => JSON.stringify({ Version: '2012-10-17', Statement }));
}

/**
 * GraphQL APIs: each AppSync API with its schema inline, its field logs (a log group named after the API's id,
 * written by a role of its own), a data source per function or table (each with a role allowed exactly what its
 * resolvers do, on it alone) or container service (HTTP, its HTTPS name, no role) and a unit resolver per field: a direct Lambda resolver, or the design's APPSYNC_JS
 * code for a table (mirrors src/cdk/graphql.ts).
 */
export class GraphqlApis extends pulumi.ComponentResource {
  /** Each API's ID, by key (GraphQLAPIId metric dimension). */
  readonly ids = new Map<string, pulumi.Output<string>>();
  /** Each API's ARN, by key (what the web ACL is associated with). */
  readonly arns = new Map<string, pulumi.Output<string>>();
  /** Each custom domain's alias target (AppSync's CloudFront name and zone), by API key. */
  readonly domains = new Map<string, AliasTarget>();

  constructor(
    name: string,
    args: {
      region: string;
      graphqlApis: GraphqlApiDesign[];
      /** The ARN each function's callers name (its alias's, or its own), by key. */
      functions: ReadonlyMap<string, pulumi.Output<string>>;
      stores: ReadonlyMap<string, RenderedStore>;
      /** User pools by key (the API's): their IDs and app client IDs (auth: cognito). */
      userPools?: { poolIds: ReadonlyMap<string, pulumi.Output<string>>; clientIds: ReadonlyMap<string, pulumi.Output<string>> };
      key?: pulumi.Output<string>;
    },
    opts?: pulumi.ComponentResourceOptions,
  ) {
    super('blueprint:index:GraphqlApis', name, {}, opts);
    const parent = { parent: this };
    for (const d of args.graphqlApis) {
      const prefix = `${name}-graphql-${d.key}`;
      const logsRole = new aws.iam.Role(`${prefix}-logs-role`, { assumeRolePolicy: assumeRolePolicy(APPSYNC) }, parent);
      const userPool =
        d.userPool === undefined
          ? undefined
          : {
              userPoolId: args.userPools?.poolIds.get(d.userPool) ?? fail(`GraphQL API ${d.key}: user pool ${d.userPool} is not rendered`),
              awsRegion: args.region,
              defaultAction: d.userPoolDefaultAction ?? fail(`GraphQL API ${d.key}: a user pool without its default action`),
              appIdClientRegex: args.userPools?.clientIds.get(d.userPool) ?? fail(`GraphQL API ${d.key}: the client of user pool ${d.userPool} is not rendered`),
            };
      const api = new aws.appsync.GraphQLApi(
        prefix,
        {
          name: d.name,
          authenticationType: d.authenticationType,
          ...(d.openIdConnect ? { openidConnectConfig: { issuer: d.openIdConnect.issuer, clientId: d.openIdConnect.clientId } } : {}),
          ...(userPool ? { userPoolConfig: userPool } : {}),
          schema: d.schema.definition,
          visibility: d.visibility,
          queryDepthLimit: d.queryDepthLimit,
          xrayEnabled: d.xray,
          logConfig: { cloudwatchLogsRoleArn: logsRole.arn, fieldLogLevel: d.logs.fieldLogLevel, excludeVerboseContent: d.logs.excludeVerboseContent },
          ...sizedTags(d.sizing),
        },
        parent,
      );
      this.ids.set(d.key, api.id);
      this.arns.set(d.key, api.arn);

      // The log group AppSync writes to, named after the API's id; the role may write its streams only.
      const logs = createLogGroup(`${prefix}-logs`, { name: pulumi.interpolate`/aws/appsync/apis/${api.id}`, days: d.logs.retentionDays, key: args.key }, parent);
      new aws.iam.RolePolicy(`${prefix}-logs-policy`, { role: logsRole.id, policy: policyOf([{ actions: GRAPHQL_LOG_ACTIONS, resources: [pulumi.interpolate`${logs.arn}:*`] }]) }, parent);

      const sources = new Map<string, aws.appsync.DataSource>();
      for (const s of d.dataSources) {
        const sourcePrefix = `${prefix}-source-${s.name}`;
        if (s.type === 'HTTP') {
          // A container service on the load balancer: its HTTPS name, no IAM signing, so no role.
          sources.set(s.name, new aws.appsync.DataSource(sourcePrefix, { apiId: api.id, name: s.name, type: s.type, httpConfig: { endpoint: s.endpoint } }, parent));
          continue;
        }
        const role = new aws.iam.Role(`${sourcePrefix}-role`, { assumeRolePolicy: assumeRolePolicy(APPSYNC) }, parent);
        let statements: { actions: string[]; resources: pulumi.Input<string>[] }[];
        let config: Pick<aws.appsync.DataSourceArgs, 'lambdaConfig' | 'dynamodbConfig'>;
        if (s.type === 'AWS_LAMBDA') {
          const fn = args.functions.get(s.function) ?? fail(`GraphQL API ${d.key}: data source ${s.name} invokes function ${s.function}, which is not rendered`);
          statements = [{ actions: s.actions, resources: [fn] }];
          config = { lambdaConfig: { functionArn: fn } };
        } else {
          const table = args.stores.get(s.table) ?? fail(`GraphQL API ${d.key}: data source ${s.name} reads table ${s.table}, which is not rendered`);
          statements = [
            { actions: s.actions, resources: [table.arn] },
            ...(s.keyActions.length ? [{ actions: s.keyActions, resources: [keyArnFor(args.key, `data source ${s.name} of GraphQL API ${d.key}`)] }] : []),
          ];
          config = { dynamodbConfig: { tableName: table.name, region: args.region } };
        }
        const policy = new aws.iam.RolePolicy(`${sourcePrefix}-policy`, { role: role.id, policy: policyOf(statements) }, parent);
        // AppSync assumes the role as the data source is created: its policy comes first.
        sources.set(
          s.name,
          new aws.appsync.DataSource(sourcePrefix, { apiId: api.id, name: s.name, type: s.type, serviceRoleArn: role.arn, ...config }, { parent: this, dependsOn: [policy] }),
        );
      }

      for (const r of d.resolvers) {
        const source = sources.get(r.dataSource) ?? fail(`GraphQL API ${d.key}: resolver ${r.typeName}.${r.fieldName} names data source ${r.dataSource}, which is not rendered`);
        new aws.appsync.Resolver(
          `${prefix}-resolver-${r.id}`,
          {
            apiId: api.id,
            type: r.typeName,
            field: r.fieldName,
            dataSource: source.name,
            kind: 'UNIT',
            // A table's or service's APPSYNC_JS code; none for a function: a direct Lambda resolver (no mapping templates).
            ...(r.code ? { code: r.code, runtime: { ...(r.runtime ?? fail(`GraphQL API ${d.key}: resolver ${r.id} has code but no runtime`)) } } : {}),
          },
          parent,
        );
      }
      if (d.customDomain) {
        const c = d.customDomain;
        const certificateArn = requestCertificate(`${prefix}-certificate`, c.name, c.validationZone, parent);
        const domain = new aws.appsync.DomainName(`${prefix}-domain`, { domainName: c.name, certificateArn }, parent);
        new aws.appsync.DomainNameApiAssociation(`${prefix}-domain-association`, { domainName: domain.domainName, apiId: api.id }, parent);
        this.domains.set(d.key, { dnsName: domain.appsyncDomainName, hostedZoneId: domain.hostedZoneId });
      }
    }
    this.registerOutputs({});
  }
}
