import { readdirSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import type { AccessLogsDesign, AlarmDesign, ApiDesign, GraphqlApiDesign, RestApiDesign, BucketDesign, CapacityDesign, Design, DimensionRef, FunctionDesign, HttpServiceDesign, MetricDesign, ProvisionedCapacity, StoreDesign, TaskDesign } from '../src/design';
import { inventoryFromTemplate, SKIPPED_RESOURCE_TYPES } from '../src/parity/cloudformation';
import type {
  AlarmInventory,
  ApiInventory,
  BucketGrantInventory,
  BucketInventory,
  FunctionInventory,
  GraphqlApiInventory,
  Inventory,
  JobInventory,
  LoadBalancerInventory,
  MetricRef,
  QueueInventory,
  RestApiInventory,
  ServiceInventory,
  TableCapacityInventory,
  TableInventory,
  TopicInventory,
} from '../src/parity/inventory';
import { BLUEPRINTS, FIXTURES, synth } from './support';
import { failedRunsPattern } from '../src/design/jobs';
import { canonical } from '../src/parity/sort';
import { PREFLIGHT, REST_STAGE } from '../src/design/rest-apis';
import { underEveryProfile } from './support/profiles';

/*
 * The capability inventory read back from each synthesized template,
 * checked field by field against the design of the same blueprint: what
 * CloudFormation would deploy is what the design decided. The Pulumi reader
 * is held to the same inventory by the parity test.
 */

const FILES = [...BLUEPRINTS, ...FIXTURES];

/** Order-insensitive comparison: both sides sorted by their JSON. */
function bag<T>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

function dimensions(ref: DimensionRef): Record<string, string> {
  switch (ref.kind) {
    case 'load-balancer':
      return { LoadBalancer: 'load-balancer' };
    case 'target-group':
      return { LoadBalancer: 'load-balancer', TargetGroup: `target-group:${ref.service}` };
    case 'ecs-service':
      return { ClusterName: 'cluster', ServiceName: `service:${ref.service}` };
    case 'queue':
      return { QueueName: `queue:${ref.store}${ref.deadLetter ? '/dead-letter' : ''}` };
    case 'database-cluster':
      return { DBClusterIdentifier: `id:database:${ref.store}`, ...(ref.role ? { Role: ref.role } : {}) };
    case 'database-instance':
      return { DBInstanceIdentifier: `id:database:${ref.store}` };
    case 'cache-node':
      return { CacheClusterId: `id:cache:${ref.store}-${ref.node}` };
    case 'table':
      return { TableName: `table:${ref.store}`, ...(ref.operation ? { Operation: ref.operation } : {}) };
    case 'schedule-group':
      return { ScheduleGroup: `schedule-group:${scheduleGroup}` };
    case 'failed-runs-rule':
      return { RuleName: `failed-runs:${ref.job}` };
    case 'function':
      return { FunctionName: `function:${ref.fn}` };
    case 'function-dead-letter':
      return { QueueName: `queue:function:${ref.fn}/dead-letter` };
    case 'api':
      return { ApiId: `api:${ref.api}` };
    case 'graphql-api':
      return { GraphQLAPIId: `graphql-api:${ref.api}` };
    case 'rest-api':
      // A REST API's metrics are by its name and stage, literals.
      return { ApiName: `${blueprintName}-${ref.api}`, Stage: REST_STAGE };
  }
}

/** What a caller of a function names: the function, or its alias when it is invoked through one (FunctionDesign.invokedThrough). */
function invoked(d: Design, fn: string): string {
  const f = d.functions.find((x) => x.key === fn)!;
  return f.invokedThrough === 'alias' ? `function:${fn}:${f.alias!.name}` : `function:${fn}`;
}

/** A GraphQL API as the inventory reads it back: the design's, its roles' statements from its data sources and the stack's key. */
function expectedGraphqlApi(d: Design, a: GraphqlApiDesign): GraphqlApiInventory {
  const sha = (s: string) => createHash('sha256').update(s).digest('hex');
  return {
    key: a.key,
    sizing: a.sizing,
    authenticationType: a.authenticationType,
    openIdConnect: a.openIdConnect ?? null,
    userPool: a.userPool ? { pool: `user-pool:${a.userPool}`, defaultAction: 'ALLOW', appIdClientRegex: `user-pool-client:${a.userPool}` } : null,
    visibility: a.visibility,
    introspection: 'ENABLED',
    queryDepthLimit: a.queryDepthLimit,
    xray: false,
    logs: { fieldLogLevel: a.logs.fieldLogLevel, excludeVerboseContent: a.logs.excludeVerboseContent, rolePermissions: [{ effect: 'Allow', actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [`log-group:graphql-api:${a.key}`] }] },
    schemaSha256: a.schema.sha256,
    domain: a.customDomain ? { name: a.customDomain.name, certificate: `requested:${a.customDomain.name}${a.customDomain.validationZone ? ` validated in ${a.customDomain.validationZone.id}` : ''}` } : null,
    dataSources: a.dataSources.map((s) => {
      if (s.type === 'HTTP') return { name: s.name, type: s.type, target: s.endpoint, rolePermissions: [] };
      const target = s.type === 'AWS_LAMBDA' ? invoked(d, s.function) : `table:${s.table}`;
      const onKey = s.type === 'AMAZON_DYNAMODB' && s.keyActions.length ? [{ effect: 'Allow' as const, actions: s.keyActions, resources: ['key'] }] : [];
      return { name: s.name, type: s.type, target, rolePermissions: bag([{ effect: 'Allow' as const, actions: s.actions, resources: [target] }, ...onKey]) };
    }),
    resolvers: a.resolvers.map((r) => ({ field: `${r.typeName}.${r.fieldName}`, dataSource: r.dataSource, kind: 'UNIT', runtime: r.runtime ? `${r.runtime.name}@${r.runtime.runtimeVersion}` : null, codeSha256: r.code ? sha(r.code) : null })),
  };
}

/** The schedule group of the design whose alarms are being compared (set per file). */
let scheduleGroup = '';
let blueprintName = '';

/** An alarm as the inventory reads it back, with the actions its owner gave it. */
function alarmOf(a: AlarmDesign, actions: { alarm: string[]; ok: string[] }): AlarmInventory {
  return {
    description: a.description,
    metric:
      'expression' in a.metric
        ? { expression: a.metric.expression, metrics: Object.fromEntries(Object.entries(a.metric.metrics).map(([id, m]) => [id, metricRef(m, a.periodSeconds)])) }
        : metricRef(a.metric, a.periodSeconds),
    threshold: a.threshold,
    comparison: a.comparison,
    evaluationPeriods: a.evaluationPeriods,
    datapointsToAlarm: a.datapointsToAlarm,
    treatMissingData: a.treatMissingData,
    alarmActions: actions.alarm,
    okActions: actions.ok,
  };
}

function metricRef(m: MetricDesign, periodSeconds: number): MetricRef {
  return { namespace: m.namespace, metricName: m.metricName, statistic: m.statistic, dimensions: dimensions(m.dimensions), periodSeconds };
}

/** A store's inventory name: "bucket:reports"; in a standby, a replicated bucket's replica "bucket:reports/replica". */
const storeName = (s: StoreDesign) => `${s.kind}:${s.key}${s.kind === 'bucket' && s.standbyReplica ? '/replica' : ''}`;

/** What a task's edges to stores read back as: connections, secrets, task-role statements and the execution role's secret access. */
function taskEdges(d: Design, t: TaskDesign) {
  const store = (key: string) => d.stores.find((x) => x.key === key)!;
  const secretStores = [...new Set(t.secrets.map((x) => `secret:${storeName(store(x.store))}`))].sort();
  return {
    connections: t.connections.map((c) => `${c.variable}=${storeName(store(c.store))}${c.attribute === 'reader-host' ? '/reader' : ''}`),
    secrets: t.secrets.map((x) => `${x.variable}=${storeName(store(x.store))}${x.field ? `:${x.field}` : ''}`).sort(),
    permissions: bag([
      ...t.access.map((a) => ({
        effect: 'Allow' as const,
        actions: [...a.actions].sort(),
        resources: a.resources.map((suffix) => `${storeName(store(a.store))}${suffix === 'dbuser' ? `/dbuser:${(store(a.store) as { username: string }).username}` : suffix}`).sort(),
      })),
      // The stack's key, for the SSE-KMS stores it uses: a statement of its own.
      ...(t.keyActions.task.length ? [{ effect: 'Allow' as const, actions: t.keyActions.task, resources: ['key'] }] : []),
    ]),
    // CDK merges the grants of every secret into one statement; the key that decrypts them has its own.
    executionPermissions: bag([
      ...(secretStores.length ? [{ effect: 'Allow' as const, actions: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'], resources: secretStores }] : []),
      ...(t.keyActions.execution.length ? [{ effect: 'Allow' as const, actions: t.keyActions.execution, resources: ['key'] }] : []),
    ]),
  };
}

/**
 * A function as the inventory reads it back: its own log group, dead-letter queue and (in the VPC) security
 * group, its role's statements (the design's, each on exactly its resources), its retries and its trigger.
 */
function expectedFunction(d: Design, f: FunctionDesign): FunctionInventory {
  const store = (key: string) => d.stores.find((x) => x.key === key)!;
  const dlq = `queue:function:${f.key}/dead-letter`;
  const allow = (actions: string[], resources: string[]) => ({ effect: 'Allow' as const, actions: [...actions].sort(), resources: [...resources].sort() });
  return {
    key: f.key,
    sizing: f.sizing,
    runtime: f.runtime ?? null,
    handler: f.handler ?? null,
    image: f.image ?? null,
    architecture: f.arch,
    memoryMb: f.memoryMb,
    timeoutSeconds: f.timeoutSeconds,
    reservedConcurrency: f.reservedConcurrency,
    tracing: f.tracing,
    environment: [
      ...Object.entries(f.environment).map(([k, v]) => `${k}=${v}`),
      ...f.connections.map((c) => `${c.variable}=${storeName(store(c.store))}${c.attribute === 'reader-host' ? '/reader' : ''}`),
      // Lambda injects no secret: the code reads the secret whose ARN it is given.
      ...f.secrets.map((x) => `${x.variable}=secret:${storeName(store(x.store))}`),
    ].sort(),
    logRetentionDays: f.logRetentionDays,
    logFormat: f.logFormat,
    deadLetter: dlq,
    vpc: f.vpc ? { subnets: { tier: f.vpc.subnets, count: d.network.availabilityZones.length }, egress: ['0.0.0.0/0:all'] } : null,
    permissions: bag([
      allow(f.role.logs, [`log-group:function:${f.key}`]),
      allow(f.role.traces, ['*']),
      allow(f.role.deadLetter, [dlq]),
      ...(f.role.network ? [allow(f.role.network, ['*'])] : []),
      ...f.access.map((a) => allow(a.actions, a.resources.map((suffix) => `${storeName(store(a.store))}${suffix === 'dbuser' ? `/dbuser:${(store(a.store) as { username: string }).username}` : suffix}`))),
      // A table's stream: exactly the mapping's read actions, on the stream.
      ...(f.stream ? [allow(f.stream.actions, [`table:${f.stream.store}/stream`])] : []),
      ...(f.secrets.length ? [allow(['secretsmanager:GetSecretValue'], f.secrets.map((x) => `secret:${storeName(store(x.store))}`))] : []),
      ...(f.keyActions.length ? [allow(f.keyActions, ['key'])] : []),
    ]),
    asyncRetries: { qualifier: f.asyncRetries.qualifier, maximumRetryAttempts: f.asyncRetries.maximumRetryAttempts, maximumEventAgeSeconds: f.asyncRetries.maximumEventAgeSeconds },
    queue: f.queue
      ? {
          source: `queue:${f.queue.store}`,
          invokes: invoked(d, f.key),
          batchSize: f.queue.batchSize,
          maximumBatchingWindowSeconds: f.queue.maximumBatchingWindowSeconds,
          functionResponseTypes: f.queue.reportBatchItemFailures ? ['ReportBatchItemFailures'] : [],
          maximumConcurrency: f.queue.maximumConcurrency,
        }
      : null,
    bucketEvents: f.bucketEvents
      ? {
          bucket: `bucket:${f.bucketEvents.store}`,
          detailTypes: [f.bucketEvents.detailType],
          keyMatcher: f.bucketEvents.keyMatcher ? JSON.stringify(f.bucketEvents.keyMatcher) : null,
          invokes: invoked(d, f.key),
          state: 'ENABLED',
          description: `Function ${f.key}: objects created in ${f.bucketEvents.store}`,
          maximumRetryAttempts: f.bucketEvents.maximumRetryAttempts,
          maximumEventAgeSeconds: f.bucketEvents.maximumEventAgeSeconds,
          // Only its rule may invoke it.
          permissions: ['events.amazonaws.com lambda:InvokeFunction'],
        }
      : null,
    stream: f.stream
      ? {
          source: `table:${f.stream.store}/stream`,
          invokes: invoked(d, f.key),
          startingPosition: f.stream.startingPosition,
          batchSize: f.stream.batchSize,
          maximumBatchingWindowSeconds: f.stream.maximumBatchingWindowSeconds,
          parallelizationFactor: f.stream.parallelizationFactor,
          bisectBatchOnFunctionError: f.stream.bisectBatchOnFunctionError,
          maximumRetryAttempts: f.stream.maximumRetryAttempts,
          maximumRecordAgeSeconds: f.stream.maximumRecordAgeSeconds,
          onFailure: f.stream.onFailure === 'dead-letter' ? dlq : null,
          functionResponseTypes: f.stream.reportBatchItemFailures ? ['ReportBatchItemFailures'] : [],
        }
      : null,
    schedule: f.schedule
      ? {
          expression: f.schedule.expression,
          timezone: f.schedule.timezone,
          flexibleWindow: f.schedule.flexibleWindow,
          state: f.schedule.state,
          maximumRetries: f.schedule.maximumRetries,
          maximumEventAgeSeconds: f.schedule.maximumEventAgeSeconds,
          group: `schedule-group:${f.schedule.group}`,
          description: `Function ${f.key}`,
          invokes: invoked(d, f.key),
          schedulerPermissions: [allow(['lambda:InvokeFunction'], [invoked(d, f.key)])],
        }
      : null,
    alias: f.alias ? { name: f.alias.name, provisionedConcurrency: f.alias.provisionedConcurrency } : null,
  };
}

/**
 * An API as the inventory reads it back: its one $default stage with the design's throttling and access logs
 * (its own log group), its JWT authorizer, a route per route key to its function's proxy integration, and one
 * Lambda permission per route, from exactly that route's execute-api path.
 */
/** A REST API as the inventory reads it back: the design's resources, methods and their integrations, stage, plans and domain. */
function expectedRestApi(d: Design, a: RestApiDesign): RestApiInventory {
  const byText = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  const c = a.customDomain;
  return {
    key: a.key,
    sizing: a.sizing,
    description: a.description ?? null,
    endpointTypes: [a.endpointType],
    executeApiEndpoint: !a.disableExecuteApiEndpoint,
    resources: a.resources.map((r) => r.path),
    validators: [{ name: a.validator.name, body: a.validator.validateRequestBody, parameters: a.validator.validateRequestParameters }],
    models: a.models.map((m) => ({ name: m.name, contentType: m.contentType, schemaSha256: m.sha256 })),
    authorizers: a.authorizer ? [{ name: a.authorizer.name, type: a.authorizer.type, identitySource: a.authorizer.identitySource, providers: [`user-pool:${a.authorizer.userPool}`] }] : [],
    methods: a.methods.map((m) => ({
      routeKey: m.routeKey,
      target: invoked(d, m.function),
      integration: { type: m.integration.type, httpMethod: m.integration.httpMethod, timeoutMs: m.integration.timeoutMs },
      authorizationType: m.authorizationType,
      authorizer: m.auth === 'cognito' ? a.authorizer!.name : null,
      apiKeyRequired: m.apiKeyRequired,
      requiredParameters: Object.keys(m.requestParameters),
      validator: a.validator.name,
      model: m.model ?? null,
    })),
    permissions: a.methods
      .map((m) => ({ function: invoked(d, m.function), action: 'lambda:InvokeFunction', principal: 'apigateway.amazonaws.com', source: `execute-api:${a.key}/${m.invokeFrom}` }))
      .sort((x, y) => byText(x.source, y.source) || byText(x.function, y.function)),
    preflight: a.cors
      ? { paths: a.cors.paths, requestTemplates: { ...PREFLIGHT.requestTemplates }, statusCode: PREFLIGHT.statusCode, headers: a.cors.preflightHeaders, methodResponseHeaders: Object.keys(a.cors.preflightHeaders).sort() }
      : null,
    gatewayResponses: (a.cors?.gatewayResponses ?? []).map((g) => ({ type: g.type, headers: g.headers })),
    deployment: { description: `Blueprint ${a.deployment.hash}` },
    stage: {
      name: a.stage.name,
      tracing: a.stage.tracing,
      accessLogs: { logGroup: `log-group:rest-api:${a.key}`, format: a.accessLogs.format },
      methodSettings: { loggingLevel: a.stage.methodLogging.level, dataTrace: a.stage.methodLogging.dataTrace, metrics: a.stage.methodLogging.metrics, throttling: a.stage.throttle },
    },
    usagePlans: a.usagePlans.map((p) => ({ name: p.name, description: p.description ?? null, throttle: p.throttle, quota: p.quota ?? null, keys: p.keys.map((k) => ({ name: k.name, description: k.description })) })),
    domain: c ? { name: c.name, endpointType: c.endpointType, securityPolicy: c.securityPolicy, certificate: `requested:${c.name}${c.validationZone ? ` validated in ${c.validationZone.id}` : ''}` } : null,
  };
}

function expectedApi(d: Design, a: ApiDesign): ApiInventory {
  const azs = d.network.availabilityZones.length;
  const authorization = { none: 'NONE', iam: 'AWS_IAM', jwt: 'JWT' } as const;
  const byText = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  return {
    key: a.key,
    sizing: a.sizing,
    protocol: 'HTTP',
    description: a.description ?? null,
    domain: a.customDomain
      ? { name: a.customDomain.name, endpointType: a.customDomain.endpointType, securityPolicy: a.customDomain.securityPolicy, certificate: `requested:${a.customDomain.name}${a.customDomain.validationZone ? ` validated in ${a.customDomain.validationZone.id}` : ''}` }
      : null,
    executeApiEndpoint: !a.disableExecuteApiEndpoint,
    cors: a.cors ? { allowOrigins: a.cors.allowOrigins, allowMethods: a.cors.allowMethods, allowHeaders: a.cors.allowHeaders, maxAgeSeconds: a.cors.maxAgeSeconds } : null,
    stage: {
      name: a.stage.name,
      autoDeploy: a.stage.autoDeploy,
      throttling: a.throttle ? { rateLimit: a.throttle.rateLimit, burstLimit: a.throttle.burstLimit } : null,
      accessLogs: { logGroup: `log-group:api:${a.key}`, format: a.accessLogs.format },
    },
    authorizers: a.authorizer ? [{ name: a.authorizer.name, type: 'JWT', identitySource: [a.authorizer.identitySource], issuer: a.authorizer.issuer, audience: a.authorizer.audience }] : [],
    routes: a.routes.map((r) => {
      const i = r.integration;
      return {
        routeKey: r.routeKey,
        // A route to a service reaches the load balancer's listener through the VPC link.
        target: r.function ? invoked(d, r.function) : `listener:${i.type === 'HTTP_PROXY' && i.listener === 'https' ? 'HTTPS' : 'HTTP'}`,
        integration: {
          type: i.type,
          payloadFormatVersion: i.payloadFormatVersion,
          timeoutMs: i.timeoutMs,
          vpcLink: i.type === 'HTTP_PROXY' ? { method: i.method, serverNameToVerify: i.serverNameToVerify ?? null, hostHeader: i.hostHeader ?? null } : null,
        },
        authorizationType: authorization[r.auth],
        authorizer: r.auth === 'jwt' ? a.authorizer!.name : null,
      };
    }),
    permissions: a.routes
      .filter((r) => r.function)
      .map((r) => ({ function: invoked(d, r.function!), action: 'lambda:InvokeFunction', principal: 'apigateway.amazonaws.com', source: `execute-api:${a.key}/${r.invokeFrom}` }))
      .sort((x, y) => byText(x.source, y.source) || byText(x.function, y.function)),
    // Its CDN: the execute-api endpoint its one origin, behind the CLOUDFRONT web ACL.
    cdn: a.cdn
      ? {
          origin: { domain: `execute-api:${a.key}`, protocolPolicy: a.cdn.originProtocolPolicy, sslProtocols: [...a.cdn.originSslProtocols] },
          comment: a.cdn.comment,
          httpVersion: a.cdn.httpVersion,
          ipv6: a.cdn.ipv6,
          priceClass: a.cdn.priceClass,
          webAcl: d.siteWebAcl?.name ?? null,
          accessLogs: a.cdn.accessLogs ? { bucket: 'bucket:access-logs', prefix: a.cdn.accessLogs.prefix } : null,
          aliases: a.cdn.domain ? [a.cdn.domain.name] : [],
          certificate: a.cdn.domain ? `requested:${a.cdn.domain.name}${a.cdn.domain.validationZone ? ` validated in ${a.cdn.domain.validationZone.id}` : ''}` : 'cloudfront-default',
          minimumProtocolVersion: a.cdn.domain?.minimumProtocolVersion ?? null,
          sslSupportMethod: a.cdn.domain?.sslSupportMethod ?? null,
          behavior: { viewerProtocolPolicy: a.cdn.viewerProtocolPolicy, allowedMethods: [...a.cdn.allowedMethods], cachedMethods: [...a.cdn.cachedMethods], compress: a.cdn.compress, cachePolicyId: a.cdn.cachePolicyId, originRequestPolicyId: a.cdn.originRequestPolicyId },
        }
      : null,
    // Its VPC link: in the design's subnets (one per AZ), allowed out to the load balancer on the listener's port only.
    vpcLink: a.vpcLink ? { name: a.vpcLink.name, subnets: { tier: a.vpcLink.subnets, count: azs }, egress: [`load-balancer:${a.vpcLink.port}`] } : null,
  };
}

/** A provisioned table's or index's capacity as the inventory reads it: the initial units, the target's bounds, its policy. */
function capacityOf(c: ProvisionedCapacity | undefined): TableCapacityInventory | null {
  if (!c) return null;
  const one = (u: CapacityDesign) => ({
    units: u.initial,
    scaling: { min: u.min, max: u.max, targetUtilization: u.targetUtilizationPercent, scaleInCooldownSeconds: u.scaleInCooldownSeconds, scaleOutCooldownSeconds: u.scaleOutCooldownSeconds },
  });
  return { read: one(c.read), write: one(c.write) };
}

/** A bucket's lifecycle as the inventory records it: transitions and expiry in days. */
const tiers = (l: BucketDesign['lifecycle'] = {}): Pick<BucketInventory, 'transitions' | 'expireDays' | 'noncurrentExpireDays'> => ({
  transitions: [
    ...(l.infrequentAfterDays !== undefined ? [{ storageClass: 'STANDARD_IA', days: l.infrequentAfterDays }] : []),
    ...(l.archiveAfterDays !== undefined ? [{ storageClass: 'GLACIER', days: l.archiveAfterDays }] : []),
  ],
  expireDays: l.expireAfterDays ?? null,
  noncurrentExpireDays: l.noncurrentExpireAfterDays ?? null,
});

const KEY_TYPE = { string: 'S', number: 'N', binary: 'B' } as const;
const keyAttr = (a: { name: string; type: keyof typeof KEY_TYPE }) => `${a.name}:${KEY_TYPE[a.type]}`;

/** A bucket's grants in one order, whatever the key order of each. */
const grantsBag = (gs: readonly BucketGrantInventory[]) =>
  [...gs].sort((a, b) => JSON.stringify([a.principal, a.actions, a.resources, a.conditions]).localeCompare(JSON.stringify([b.principal, b.actions, b.resources, b.conditions])));

/** A bucket's encryption as the inventory reads it: SSE-S3, or SSE-KMS with the stack's key and an S3 bucket key. */
const bucketEncryption = (e: 'sse-s3' | 'customer-managed'): Pick<BucketInventory, 'encryption' | 'kmsKey' | 'bucketKey'> =>
  e === 'customer-managed' ? { encryption: 'aws:kms', kmsKey: 'key', bucketKey: true } : { encryption: 'AES256', kmsKey: null, bucketKey: false };

/** An access-log bucket as the design says it must read back: its settings, and the grants of its policy. */
function expectedLogBucket(l: AccessLogsDesign, name: string, sourceSuffix: string, sites: readonly string[] = []): BucketInventory {
  const lb = l.loadBalancer;
  const alb = lb && `${name}/${lb.prefix}/AWSLogs/\${AWS::AccountId}/*`;
  return {
    name,
    sizing: {},
    region: l.region,
    versioned: l.versioned,
    // SSE-S3 always: ALB and S3 server access logs accept no other encryption.
    encryption: 'AES256',
    kmsKey: null,
    bucketKey: false,
    blockPublicAccess: true,
    tlsOnly: true,
    transitions: [],
    expireDays: l.expireAfterDays,
    // Versioned (compliance profiles): noncurrent versions expire after the same days.
    noncurrentExpireDays: l.versioned ? l.expireAfterDays : null,
    retain: l.retain,
    replication: null,
    objectOwnership: l.objectOwnership,
    accessLogs: null,
    eventBridge: false,
    grants: grantsBag([
      ...(lb && alb
        ? [
            { principal: lb.delivery.principal === 'account' ? `aws:arn:aws:iam::${lb.delivery.accountId}:root` : `service:${lb.delivery.service}`, actions: ['s3:PutObject'], resources: [alb], conditions: [] },
            { principal: `service:${lb.delivery.deliveryLogsService}`, actions: ['s3:PutObject'], resources: [alb], conditions: ['StringEquals:s3:x-amz-acl=bucket-owner-full-control'] },
            { principal: `service:${lb.delivery.deliveryLogsService}`, actions: ['s3:GetBucketAcl'], resources: [name], conditions: [] },
          ]
        : []),
      ...l.serverAccessLogs.map((x) => ({
        principal: 'service:logging.s3.amazonaws.com',
        actions: ['s3:PutObject'],
        resources: [`${name}/${x.prefix}*`],
        // A site's bucket is named "site:<key>" in the inventory (its blueprint:site tag).
        conditions: [`ArnLike:aws:SourceArn=bucket:${sites.includes(x.source) ? `site:${x.source}` : x.source}${sourceSuffix}`, 'StringEquals:aws:SourceAccount=${AWS::AccountId}'],
      })),
    ]),
  };
}

/** What the design's stores must read back as: the design's fields, and the safe defaults every store carries. */
function expectedStores(d: Design): { buckets: BucketInventory[]; queues: QueueInventory[]; tables: TableInventory[]; topics: TopicInventory[] } {
  const out = { buckets: [] as BucketInventory[], queues: [] as QueueInventory[], tables: [] as TableInventory[], topics: [] as TopicInventory[] };
  // Each function's own dead-letter queue, named after it, TLS only, with SQS's default visibility timeout.
  for (const f of d.functions) {
    const cmk = f.deadLetter.encryption === 'customer-managed';
    out.queues.push({
      name: `queue:function:${f.key}/dead-letter`,
      sizing: {},
      fifo: false,
      retentionSeconds: f.deadLetter.retentionSeconds,
      visibilityTimeoutSeconds: 30,
      encryption: cmk ? 'key' : 'sqs-managed',
      dataKeyReuseSeconds: cmk ? 300 : null,
      tlsOnly: true,
      deadLetter: null,
      retain: false,
    });
  }
  // The stack's access-log bucket, and the disaster-recovery stack's (its template is read into the primary's inventory).
  if (d.accessLogs) out.buckets.push(expectedLogBucket(d.accessLogs, 'bucket:access-logs', '', (d.sites ?? []).map((x) => x.key)));
  // Each static site's private bucket: only its distribution may read it.
  for (const site of d.sites ?? []) {
    const b = site.bucket;
    const name = `bucket:site:${site.key}`;
    out.buckets.push({
      name,
      sizing: {},
      region: d.region,
      versioned: b.versioned,
      ...bucketEncryption(b.encryption),
      blockPublicAccess: true,
      tlsOnly: true,
      transitions: [],
      expireDays: null,
      noncurrentExpireDays: b.noncurrentExpireAfterDays,
      retain: b.retain,
      replication: null,
      objectOwnership: b.objectOwnership,
      accessLogs: { bucket: 'bucket:access-logs', prefix: b.accessLogs.prefix },
      eventBridge: false,
      grants: [{ principal: 'service:cloudfront.amazonaws.com', actions: ['s3:GetObject'], resources: [`${name}/*`], conditions: [`StringEquals:AWS:SourceArn=distribution:${site.key}`] }],
    });
  }
  if (d.resilience.secondary?.accessLogs) out.buckets.push(expectedLogBucket(d.resilience.secondary.accessLogs, 'bucket:access-logs/dr', '/replica'));
  // The audit-log bucket (security.audit): CloudTrail may write for this trail only.
  const ab = d.audit?.bucket;
  if (ab) {
    const name = `bucket:${ab.key}`;
    const trail = d.audit?.trail && `StringEquals:aws:SourceArn=trail:${d.audit.trail.name}`;
    out.buckets.push({
      name,
      sizing: {},
      region: d.region,
      versioned: ab.versioned,
      ...bucketEncryption(ab.encryption),
      blockPublicAccess: true,
      tlsOnly: true,
      transitions: [],
      expireDays: ab.expireAfterDays,
      noncurrentExpireDays: ab.expireAfterDays,
      retain: ab.retain,
      replication: null,
      objectOwnership: ab.objectOwnership,
      accessLogs: ab.accessLogs ? { bucket: 'bucket:access-logs', prefix: ab.accessLogs.prefix } : null,
      eventBridge: false,
      grants: grantsBag(
        trail
          ? [
              { principal: 'service:cloudtrail.amazonaws.com', actions: ['s3:GetBucketAcl'], resources: [name], conditions: [trail] },
              { principal: 'service:cloudtrail.amazonaws.com', actions: ['s3:PutObject'], resources: [`${name}/AWSLogs/\${AWS::AccountId}/*`], conditions: [trail, 'StringEquals:s3:x-amz-acl=bucket-owner-full-control'] },
            ]
          : [],
      ),
    });
  }
  // A standby's replicas (the disaster-recovery stack's bucket, the global table's replica) are not its own.
  for (const s of d.stores.filter((x) => !((x.kind === 'bucket' || x.kind === 'table') && x.standbyReplica))) {
    const name = storeName(s);
    switch (s.kind) {
      case 'bucket': {
        const r = s.replication;
        const RESOURCE = { source: name, 'source-objects': `${name}/*`, 'replica-objects': `${name}/replica/*` } as const;
        out.buckets.push({
          name,
          sizing: s.sizing,
          region: d.region,
          versioned: s.versioned,
          ...bucketEncryption(s.encryption),
          blockPublicAccess: true,
          tlsOnly: true,
          ...tiers(s.lifecycle),
          retain: s.retain,
          objectOwnership: 'BucketOwnerEnforced',
          accessLogs: s.accessLogs ? { bucket: 'bucket:access-logs', prefix: s.accessLogs.prefix } : null,
          grants: [],
          // Its events to EventBridge, for the functions its objects invoke.
          eventBridge: s.eventBridge === true,
          replication: r
            ? {
                destination: `${r.region}:${name}/replica`,
                storageClass: r.storageClass,
                deleteMarkers: r.deleteMarkers,
                rolePermissions: bag(r.role.map((x) => ({ effect: 'Allow' as const, actions: [...x.actions].sort(), resources: [RESOURCE[x.resource]] }))),
              }
            : null,
        });
        // The replica: versioned, encrypted, private, TLS-only and retained like its source, with its lifecycle; no replication.
        if (r) {
          out.buckets.push({
            name: `${name}/replica`,
            // What the bucket is sized for is on the bucket, not on its replica.
            sizing: {},
            region: r.region,
            versioned: true,
            // The source's key does not reach the secondary region (compliance checks refuse replicas with it).
            ...bucketEncryption('sse-s3'),
            blockPublicAccess: true,
            tlsOnly: true,
            ...tiers(r.lifecycle),
            retain: s.retain,
            replication: null,
            objectOwnership: 'BucketOwnerEnforced',
            accessLogs: r.accessLogs ? { bucket: 'bucket:access-logs/dr', prefix: r.accessLogs.prefix } : null,
            grants: [],
            eventBridge: false,
          });
        }
        break;
      }
      case 'queue': {
        // With the stack's key, data keys are reused for 5 minutes (SQS's default, written out by the renderers).
        const cmk = s.encryption === 'customer-managed';
        const common = { fifo: s.fifo, encryption: cmk ? 'key' : 'sqs-managed', dataKeyReuseSeconds: cmk ? 300 : null, tlsOnly: true, retain: s.retain };
        const dlq = `${name}/dead-letter`;
        out.queues.push({
          name,
          sizing: s.sizing,
          ...common,
          retentionSeconds: s.retentionSeconds,
          visibilityTimeoutSeconds: s.visibilityTimeoutSeconds,
          deadLetter: s.deadLetter ? { queue: dlq, maxReceives: s.deadLetter.maxReceives } : null,
        });
        // The dead-letter queue keeps SQS's default visibility timeout (30 s).
        if (s.deadLetter) out.queues.push({ name: dlq, sizing: {}, ...common, retentionSeconds: s.deadLetter.retentionSeconds, visibilityTimeoutSeconds: 30, deadLetter: null });
        break;
      }
      case 'topic':
        out.topics.push({ name, displayName: null, fifo: s.fifo, tlsOnly: true, subscriptions: [], kmsKey: s.encryption === 'customer-managed' ? 'key' : s.encryption.kmsKeyAlias });
        break;
      case 'table':
        out.tables.push({
          name,
          sizing: s.sizing,
          tableName: s.tableName ?? null,
          billing: s.billing.mode === 'provisioned' ? 'PROVISIONED' : 'PAY_PER_REQUEST',
          capacity: capacityOf(s.billing.mode === 'provisioned' ? s.billing : undefined),
          partitionKey: keyAttr(s.partitionKey),
          sortKey: s.sortKey ? keyAttr(s.sortKey) : null,
          indexes: s.indexes.map((i) => ({
            name: i.name,
            partitionKey: keyAttr(i.partitionKey),
            sortKey: i.sortKey ? keyAttr(i.sortKey) : null,
            projection: i.projection === 'all' ? 'ALL' : 'KEYS_ONLY',
            capacity: capacityOf(i.capacity),
          })),
          ttlAttribute: s.ttlAttribute ?? null,
          stream: s.stream ? s.stream.toUpperCase().replace(/-/g, '_') : null,
          pointInTimeRecovery: s.pointInTimeRecovery,
          deletionProtection: s.deletionProtection,
          encryption: s.encryption === 'customer-managed' ? 'key' : 'aws-managed',
          retain: s.retain,
          replicaRegions: [...s.replicaRegions].sort(),
          replicas: s.replicaRegions.map((region) => ({
            region,
            pointInTimeRecovery: s.replica!.pointInTimeRecovery,
            deletionProtection: s.replica!.deletionProtection,
            encryption: 'aws-managed',
          })),
        });
        break;
    }
  }
  return out;
}


// Each template, each standby template (pilot-light, warm-standby) against the standby's design, and each
// blueprint and fixture under every compliance profile (with the stack's key), against its own design.
const STACKS = [
  ...FILES.flatMap((file) => [[file, 'primary'] as const, ...(synth(file).standby ? [[file, 'standby'] as const] : [])]),
  ...FILES.filter((file) => file !== 'blueprints/hipaa-platform.yaml').map((file) => [file, 'every compliance profile'] as const),
];

describe.each(STACKS)('%s (%s): the template inventory matches the design', (file, which) => {
  let d: Design;
  let inv: Inventory;
  beforeAll(() => {
    const { template, dr, standby, design } = synth(which === 'every compliance profile' ? underEveryProfile(file) : file);
    d = which === 'standby' ? design.standby! : design;
    scheduleGroup = d.jobs[0]?.schedule.group ?? '';
    blueprintName = d.name;
    const all = inventoryFromTemplate(template, dr, standby);
    inv = which === 'standby' ? all.standby! : all;
  });

  test('network: AZs, subnet blocks per tier and AZ, NAT gateways and routes, flow logs', () => {
    const n = d.network;
    const azs = n.availabilityZones;
    expect(inv.network.vpcCidr).toBe(n.cidr);
    expect(inv.network.azs).toEqual([...azs].sort());
    expect(bag(inv.network.subnets)).toEqual(
      bag(n.subnets.flatMap((tier) => tier.cidrs.map((cidr, i) => ({ tier: tier.tier, az: azs[i], cidr, mapPublicIp: tier.tier === 'public' && n.mapPublicIpOnLaunch })))),
    );
    const natAzs = n.nat === 'per-az' ? azs : n.nat === 'single' ? [azs[0]] : [];
    expect(inv.network.natGateways).toHaveLength(n.natGateways);
    expect(inv.network.natGateways).toEqual([...natAzs].sort());
    const privateAzs = n.subnets.some((s) => s.tier === 'private') ? azs : [];
    expect(bag(inv.network.privateRoutes)).toEqual(bag(privateAzs.map((az) => ({ az, natAz: n.nat === 'per-az' ? az : azs[0] }))));
    expect(inv.network.internetGateway).toBe(true);
    expect(inv.network.flowLogs).toEqual(n.flowLogs ? [{ trafficType: n.flowLogs.trafficType, destination: 'cloud-watch-logs', retentionDays: n.flowLogs.retentionDays }] : []);
    // Not a design decision but a renderer duty (CDK's restrictDefaultSecurityGroup flag): the Pulumi program owes it too.
    expect(inv.network.defaultSecurityGroupRestricted).toBe(true);
  });

  test('network: gateway and interface endpoints, the endpoints\' security group, the VPN', () => {
    const n = d.network;
    const azs = n.availabilityZones;
    const places = (tier: string) => azs.map((az) => `${tier}:${az}`).sort();
    expect(bag(inv.network.gatewayEndpoints)).toEqual(bag(n.gatewayEndpoints.map((e) => ({ service: e.service, routeTables: e.tiers.flatMap(places).sort() }))));
    expect(inv.network.interfaceEndpoints).toEqual(n.interfaceEndpoints.map((e) => ({ service: e.service, subnets: places(e.subnets), privateDns: e.privateDns })));
    const sg = n.endpointSecurityGroup;
    expect(inv.network.endpointSecurityGroup).toEqual(sg ? { ingress: [`${sg.ingress.cidr}:${sg.ingress.port}`], egress: [] } : null);
    const v = n.vpn;
    expect(inv.network.vpn).toEqual(
      v
        ? {
            customerGateway: { ipAddress: v.customerGateway.ipAddress, bgpAsn: v.customerGateway.bgpAsn, type: v.customerGateway.type },
            gateway: { amazonSideAsn: v.gateway.amazonSideAsn, type: v.gateway.type },
            connection: { type: v.connection.type, staticRoutesOnly: v.connection.staticRoutesOnly, routes: [...v.routes].sort() },
            propagation: v.propagation.flatMap(places).sort(),
          }
        : null,
    );
  });

  test('load balancer: scheme, subnets, attributes, ingress, listeners and rules', () => {
    const lb = d.loadBalancer;
    if (!lb) {
      expect(inv.loadBalancers).toEqual([]);
      return;
    }
    const defaultAction: LoadBalancerInventory['listeners'][number]['defaultAction'] = lb.defaultService
      ? { type: 'forward', targetGroup: `target-group:${lb.defaultService}` }
      : { type: 'fixed-response', statusCode: String(lb.notFound.statusCode), contentType: lb.notFound.contentType, body: lb.notFound.body };
    const rules = lb.rules.map((r) => ({
      priority: r.priority,
      hostHeaders: r.hostHeaders ?? [],
      pathPatterns: r.pathPatterns ?? [],
      action: { type: 'forward' as const, targetGroup: `target-group:${r.service}` },
    }));
    const certificate = lb.https && (lb.https.certificateArn ?? `requested:${lb.https.domain}${lb.https.validationZone ? ` validated in ${lb.https.validationZone.id}` : ''}`);
    const listeners: LoadBalancerInventory['listeners'] = lb.https
      ? [
          // Behind a CDN, CloudFront redirects viewers' HTTP: no port-80 listener.
          ...(lb.cdn ? [] : [{ port: 80, protocol: 'HTTP', sslPolicy: null, certificate: null, defaultAction: { type: 'redirect' as const, protocol: 'HTTPS', port: '443', statusCode: 'HTTP_301' }, rules: [] }]),
          {
            port: 443,
            protocol: 'HTTPS',
            sslPolicy: lb.https.sslPolicy,
            certificate: certificate!,
            defaultAction,
            rules,
          },
        ]
      : [{ port: 80, protocol: 'HTTP', sslPolicy: null, certificate: null, defaultAction, rules }];
    expect(inv.loadBalancers).toEqual([
      {
        scheme: lb.scheme,
        subnets: { tier: lb.subnets, count: d.network.availabilityZones.length },
        idleTimeoutSeconds: lb.idleTimeoutSeconds,
        dropInvalidHeaderFields: lb.dropInvalidHeaderFields,
        deletionProtection: lb.deletionProtection,
        ingress: lb.cdn ? [`${lb.cdn.originAccess.prefixListId}:${lb.cdn.originAccess.port}`] : lb.https ? ['0.0.0.0/0:443', '0.0.0.0/0:80'] : ['0.0.0.0/0:80'],
        egress: ['0.0.0.0/0:all'],
        listeners,
        accessLogs: lb.accessLogs ? { bucket: 'bucket:access-logs', prefix: lb.accessLogs.prefix } : null,
        cdn: lb.cdn
          ? {
              origin: { domain: 'load-balancer', protocolPolicy: lb.cdn.originProtocolPolicy, sslProtocols: [...lb.cdn.originSslProtocols] },
              comment: lb.cdn.comment,
              httpVersion: lb.cdn.httpVersion,
              ipv6: lb.cdn.ipv6,
              priceClass: lb.cdn.priceClass,
              webAcl: d.siteWebAcl!.name,
              accessLogs: lb.cdn.accessLogs ? { bucket: 'bucket:access-logs', prefix: lb.cdn.accessLogs.prefix } : null,
              aliases: [lb.cdn.domain],
              certificate: certificate!,
              minimumProtocolVersion: lb.cdn.certificate.minimumProtocolVersion,
              sslSupportMethod: lb.cdn.certificate.sslSupportMethod,
              behavior: { viewerProtocolPolicy: lb.cdn.viewerProtocolPolicy, allowedMethods: [...lb.cdn.allowedMethods].sort(), cachedMethods: [...lb.cdn.cachedMethods], compress: lb.cdn.compress, cachePolicyId: lb.cdn.cachePolicyId, originRequestPolicyId: lb.cdn.originRequestPolicyId },
            }
          : null,
      },
    ]);
  });

  test('target groups: one per public service, with its health check', () => {
    const lb = d.loadBalancer;
    const expected = lb
      ? d.services
          .filter((s) => s.kind === 'http' && s.public)
          .map((s) => s as HttpServiceDesign)
          .map((s) => ({
            name: `target-group:${s.key}`,
            port: s.port,
            protocol: 'HTTP',
            targetType: 'ip',
            deregistrationDelaySeconds: lb.deregistrationDelaySeconds,
            healthCheck: {
              path: s.healthCheck!.path,
              intervalSeconds: s.healthCheck!.intervalSeconds,
              healthyThreshold: s.healthCheck!.healthyThreshold,
              unhealthyThreshold: s.healthCheck!.unhealthyThreshold,
            },
          }))
      : [];
    expect(bag(inv.targetGroups)).toEqual(bag(expected));
  });

  test('services: size, architecture, capacity, environment, placement, deployment, ingress, Service Connect, scaling, roles', () => {
    expect(inv.services.map((s) => s.key)).toEqual(d.services.map((s) => s.key).sort());
    // The cluster's capacity providers: associated exactly when a worker is placed by a strategy (cost.spot_for_workers).
    expect(inv.capacityProviders).toEqual([...(d.capacityProviders ?? [])].sort());
    const azCount = d.network.availabilityZones.length;
    for (const s of d.services) {
      const routed = s.public && !!d.loadBalancer;
      const tg = `target-group:${s.key}`;
      const policies: NonNullable<ServiceInventory['scaling']>['policies'] = [];
      const stepPolicies: NonNullable<ServiceInventory['scaling']>['stepPolicies'] = [];
      if (s.kind === 'http') {
        policies.push({ metric: 'ECSServiceAverageCPUUtilization', target: s.scaling.targetCpuPercent, scaleInCooldownSeconds: s.scaling.scaleInCooldownSeconds, scaleOutCooldownSeconds: s.scaling.scaleOutCooldownSeconds, resource: null });
        if (routed && s.scaling.targetRequestsPerTargetPerMinute !== undefined) {
          policies.push({
            metric: 'ALBRequestCountPerTarget',
            target: s.scaling.targetRequestsPerTargetPerMinute,
            scaleInCooldownSeconds: s.scaling.scaleInCooldownSeconds,
            scaleOutCooldownSeconds: s.scaling.scaleOutCooldownSeconds,
            resource: `load-balancer/${tg}`,
          });
        }
      } else {
        // A worker: its step policies, each named by its key, with the design's steps (unbounded: null).
        for (const p of s.scaling.stepPolicies) {
          stepPolicies.push({
            name: p.key,
            adjustmentType: p.adjustmentType,
            cooldownSeconds: p.cooldownSeconds,
            metricAggregation: p.metricAggregation,
            minAdjustmentMagnitude: null,
            steps: p.steps.map((x) => ({ lower: x.lowerBound ?? null, upper: x.upperBound ?? null, adjustment: x.adjustment })),
          });
        }
      }
      const http = s.kind === 'http' ? s : undefined;
      const namespace = d.serviceConnectNamespace;
      const capacity = s.kind === 'worker' ? s.capacity : undefined;
      const expected: ServiceInventory = {
        key: s.key,
        sizing: s.sizing,
        launchType: capacity ? null : 'FARGATE',
        capacityProviderStrategy: capacity ? [...capacity.strategy].sort((a, b) => a.capacityProvider.localeCompare(b.capacityProvider)) : [],
        cpu: s.cpu,
        memory: s.memory,
        architecture: s.arch === 'arm64' ? 'ARM64' : 'X86_64',
        image: s.image,
        containerPort: http?.port ?? null,
        portName: http ? 'http' : null,
        appProtocol: http ? 'http' : null,
        environment: [
          ...Object.entries(s.environment).map(([k, v]) => `${k}=${v}`),
          // A connection names the store it points at (its name, URL or ARN, by kind).
          ...taskEdges(d, s).connections,
        ].sort(),
        logRetentionDays: s.logRetentionDays,
        subnets: { tier: s.subnets, count: azCount },
        assignPublicIp: s.assignPublicIp,
        desiredCount: s.initialTasks ?? null,
        deployment: { circuitBreaker: true, rollback: s.deployment.circuitBreakerRollback, minHealthyPercent: s.deployment.minHealthyPercent, maxPercent: s.deployment.maxPercent },
        healthCheckGraceSeconds: s.healthCheck?.graceSeconds ?? null,
        targetGroups: routed ? [tg] : [],
        ingress: http ? [...(routed ? [`load-balancer:${http.port}`] : []), ...http.calledBy.map((c) => `service:${c}:${http.port}`)].sort() : [],
        egress: ['0.0.0.0/0:all'],
        serviceConnect:
          namespace && (s.serviceConnect || s.uses.length)
            ? { namespace, dnsName: s.serviceConnect?.dnsName ?? null, port: s.serviceConnect?.port ?? null }
            : null,
        scaling: { min: s.scaling.minTasks, max: s.scaling.maxTasks, policies: bag(policies), stepPolicies },
        roles: { task: true, execution: true },
        // One statement per store the service uses: exactly the design's actions, on that store only.
        permissions: taskEdges(d, s).permissions,
        secrets: taskEdges(d, s).secrets,
        executionPermissions: taskEdges(d, s).executionPermissions,
      };
      const got = inv.services.find((x) => x.key === s.key)!;
      expect({ ...got, scaling: got.scaling && { ...got.scaling, policies: bag(got.scaling.policies) }, permissions: bag(got.permissions) }).toEqual(expected);
    }
  });

  test('jobs: task, placement, egress, permissions and the schedule that runs them', () => {
    const azCount = d.network.availabilityZones.length;
    const expected: JobInventory[] = d.jobs.map((j) => ({
      key: j.key,
      sizing: j.sizing,
      cpu: j.cpu,
      memory: j.memory,
      architecture: j.arch === 'arm64' ? 'ARM64' : 'X86_64',
      image: j.image,
      environment: [
        ...Object.entries(j.environment).map(([k, v]) => `${k}=${v}`),
        ...taskEdges(d, j).connections,
      ].sort(),
      permissions: taskEdges(d, j).permissions,
      secrets: taskEdges(d, j).secrets,
      executionPermissions: taskEdges(d, j).executionPermissions,
      roles: { task: true, execution: true },
      subnets: { tier: j.subnets, count: azCount },
      assignPublicIp: j.assignPublicIp,
      egress: ['0.0.0.0/0:all'],
      schedule: {
        expression: j.schedule.expression,
        timezone: j.schedule.timezone,
        flexibleWindow: j.schedule.flexibleWindow,
        state: j.schedule.state,
        maximumRetries: j.schedule.maximumRetries,
        maximumEventAgeSeconds: j.schedule.maximumEventAgeSeconds,
        launchType: 'FARGATE',
        schedulerActions: ['ecs:RunTask', 'iam:PassRole'],
        group: `schedule-group:${j.schedule.group}`,
      },
      failedRuns: { state: j.failedRuns.state, pattern: canonical(failedRunsPattern(j.failedRuns, { clusterArn: 'cluster', taskDefinitionArn: `task:${j.key}` })) },
    }));
    expect(inv.jobs.map((j) => ({ ...j, permissions: bag(j.permissions) }))).toEqual(expected);
  });

  test('functions: size, runtime, environment, network, permissions, retries and the queue or schedule that invokes them', () => {
    expect(inv.functions.map((f) => ({ ...f, permissions: bag(f.permissions) }))).toEqual(d.functions.map((f) => expectedFunction(d, f)));
  });

  test('apis: stage, throttling, CORS, access logs, authorizers, routes and their integrations, invoke permissions', () => {
    expect(inv.apis).toEqual(d.apis.map((a) => expectedApi(d, a)));
  });

  test("REST APIs: resources, validation, methods and their integrations, permissions, deployment, stage, usage plans and keys, domain; API Gateway's account role", () => {
    expect(inv.restApis).toEqual(d.restApis.map((a) => expectedRestApi(d, a)));
    expect(inv.restApiAccount).toEqual(d.restApiAccount ? { rolePermissions: [{ effect: 'Allow', actions: [...d.restApiAccount.actions].sort(), resources: ['log-group:*'] }], retained: d.restApiAccount.retain } : null);
  });

  test('GraphQL APIs: auth, limits, logs and their role, schema, data sources and their roles, resolvers; user pools and their clients', () => {
    expect(inv.graphqlApis.map((a) => ({ ...a, dataSources: a.dataSources.map((s) => ({ ...s, rolePermissions: bag(s.rolePermissions) })) }))).toEqual(d.graphqlApis.map((a) => expectedGraphqlApi(d, a)));
    expect(inv.userPools).toEqual(
      d.userPools.map((u) => ({
        key: u.key,
        tier: u.tier,
        mfa: u.mfa,
        enabledMfas: u.enabledMfas,
        passwordPolicy: u.passwordPolicy,
        usernameAttributes: u.usernameAttributes,
        autoVerifiedAttributes: u.autoVerifiedAttributes,
        adminCreateUserOnly: u.adminCreateUserOnly,
        accountRecovery: [u.accountRecovery],
        advancedSecurityMode: u.advancedSecurityMode ?? null,
        deletionProtection: u.deletionProtection,
        retained: u.retain,
        client: u.client,
      })),
    );
    // The web ACL in front of the GraphQL APIs: the load balancer's, or one of their own.
    expect(inv.webAcls.filter((w) => w.scope === 'REGIONAL').map((w) => w.protects)).toEqual(d.webAcl ? [[...(d.webAcl.protects === 'load-balancer' ? ['load-balancer'] : []), ...d.webAcl.graphqlApis.map((k) => `graphql-api:${k}`), ...d.webAcl.restApis.map((k) => `rest-api:${k}`)].sort()] : []);
  });

  test('alarms: metrics, thresholds, periods and actions', () => {
    const o = d.observability;
    const expected: AlarmInventory[] = [
      ...o.alarms.map((a) => alarmOf(a, { alarm: ['topic'], ok: o.notifyOnRecovery ? ['topic'] : [] })),
      // A worker's scaling alarms invoke its step policies, and notify no one.
      ...d.services.flatMap((s) => (s.kind === 'worker' ? s.scaling.stepPolicies.map((p) => alarmOf(p.alarm, { alarm: [`scaling-policy:${s.key}/${p.key}`], ok: [] })) : [])),
    ];
    expect(bag(inv.alarms)).toEqual(bag(expected));
  });

  test('dashboard: widget titles and metrics, in order', () => {
    const dash = d.observability.dashboard;
    expect(inv.dashboards).toEqual(
      dash
        ? [
            {
              name: d.name,
              widgets: dash.widgets.map((w) => ({
                title: w.title,
                metrics: w.metrics.map((m) => ({ ...metricRef(m, w.periodSeconds), label: m.label ?? null })),
              })),
            },
          ]
        : [],
    );
  });

  test('alarm topic and its subscriptions; log groups, their retention and key', () => {
    // The stack's key encrypts the alarm topic and every log group (SecurityDesign.key).
    const kmsKey = d.security.key ? 'key' : null;
    expect(inv.topics.filter((tp) => tp.name === 'topic')).toEqual([
      expect.objectContaining({ name: 'topic', fifo: false, subscriptions: d.observability.alarmEmails.map((e) => `email:${e}`).sort(), kmsKey }),
    ]);
    expect(bag(inv.logGroups)).toEqual(
      bag([
        ...(d.network.flowLogs ? [{ owner: 'flow-logs', retentionDays: d.network.flowLogs.retentionDays, kmsKey }] : []),
        ...d.services.map((s) => ({ owner: `service:${s.key}`, retentionDays: s.logRetentionDays, kmsKey })),
        ...d.jobs.map((j) => ({ owner: `job:${j.key}`, retentionDays: j.logRetentionDays, kmsKey })),
        ...d.functions.map((f) => ({ owner: `function:${f.key}`, retentionDays: f.logRetentionDays, kmsKey })),
        ...d.apis.map((a) => ({ owner: `api:${a.key}`, retentionDays: a.accessLogs.retentionDays, kmsKey })),
        ...d.graphqlApis.map((a) => ({ owner: `graphql-api:${a.key}`, retentionDays: a.logs.retentionDays, kmsKey })),
        ...d.restApis.flatMap((a) => [
          { owner: `rest-api:${a.key}`, retentionDays: a.accessLogs.retentionDays, kmsKey },
          { owner: `rest-api:${a.key}:execution`, retentionDays: a.executionLogs.retentionDays, kmsKey },
        ]),
        ...(d.audit?.trail ? [{ owner: 'trail', retentionDays: d.audit.trail.logGroup.retentionDays, kmsKey }] : []),
        ...[d.webAcl, d.siteWebAcl].flatMap((acl) => (acl?.logging ? [{ owner: 'web-acl', retentionDays: acl.logging.retentionDays, kmsKey }] : [])),
      ]),
    );
  });

  test("the stack's key, and what it encrypts: databases, caches, the trail; web ACL logging", () => {
    const k = d.security.key;
    expect(inv.key).toEqual(k ? { alias: k.alias, rotation: true, rotationPeriodDays: k.rotationPeriodDays, pendingWindowDays: k.pendingWindowDays, retain: k.retain, services: k.services } : null);
    const keyOr = (cmk: boolean) => (cmk ? 'key' : 'aws-managed');
    const databases = d.stores.flatMap((s) => (s.kind === 'database' ? [s] : []));
    expect(inv.databases.map((db) => ({ name: db.name, performanceInsightsEncryption: db.performanceInsightsEncryption, secretEncryption: db.secretEncryption, logExports: db.logExports, monitoring: db.monitoring }))).toEqual(
      databases
        .map((s) => {
          const cmk = s.encryption === 'customer-managed';
          // A headless secondary cluster has no instance to monitor or to run Performance Insights.
          const instances = !s.headless;
          return {
            name: `database:${s.key}`,
            performanceInsightsEncryption: s.performanceInsights.enabled && instances ? keyOr(cmk) : null,
            // A secondary cluster has no secret of its own: its clients read the primary's replica.
            secretEncryption: s.credentials.source === 'replica' ? null : keyOr(cmk),
            logExports: s.logExports,
            monitoring: s.monitoring && instances ? { intervalSeconds: s.monitoring.intervalSeconds, roleManagedPolicies: [s.monitoring.roleManagedPolicy] } : null,
          };
        })
        .sort((a, b) => a.name.localeCompare(b.name)),
    );
    const caches = d.stores.flatMap((s) => (s.kind === 'cache' ? [s] : []));
    expect(inv.caches.map((c) => ({ name: c.name, encryption: c.encryption, authTokenEncryption: c.authTokenEncryption }))).toEqual(
      caches.map((s) => ({ name: `cache:${s.key}`, encryption: keyOr(s.encryption === 'customer-managed'), authTokenEncryption: keyOr(s.encryption === 'customer-managed') })).sort((a, b) => a.name.localeCompare(b.name)),
    );
    expect(inv.audit?.trail?.kmsKey ?? null).toBe(d.audit?.trail && k ? 'key' : null);
    // Web ACLs in the inventory's order: by name.
    expect(inv.webAcls.map((a) => a.logging)).toEqual([d.webAcl, d.siteWebAcl].flatMap((acl) => (acl ? [acl] : [])).sort((x, y) => x.name.localeCompare(y.name)).map((acl) => acl.logging ?? null));
  });

  test('data stores: buckets, queues and their dead-letter queues, data topics, tables', () => {
    const e = expectedStores(d);
    expect(bag(inv.buckets.map((b) => ({ ...b, grants: grantsBag(b.grants), replication: b.replication && { ...b.replication, rolePermissions: bag(b.replication.rolePermissions) } })))).toEqual(bag(e.buckets));
    expect(bag(inv.queues)).toEqual(bag(e.queues));
    expect(bag(inv.tables)).toEqual(bag(e.tables));
    expect(bag(inv.topics.filter((tp) => tp.name !== 'topic'))).toEqual(bag(e.topics));
  });
});

test('the data-stores fixture exercises every kind of store and edge', () => {
  const inv = inventoryFromTemplate(synth('synth-tests/fixtures/data-stores.yaml').template);
  expect(inv.buckets.map((b) => b.name)).toEqual(['bucket:access-logs', 'bucket:reports']);
  expect(inv.queues.map((q) => q.name)).toEqual(['queue:jobs', 'queue:jobs/dead-letter']);
  expect(inv.tables.map((t) => t.name)).toEqual(['table:orders']);
  expect(inv.topics.map((t) => t.name)).toEqual(['topic', 'topic:events']);
  const api = inv.services.find((s) => s.key === 'api')!;
  expect(api.permissions.find((p) => p.resources.includes('bucket:reports'))).toEqual({ effect: 'Allow', actions: ['s3:GetObject', 's3:ListBucket'], resources: ['bucket:reports', 'bucket:reports/*'] });
  expect(api.environment).toEqual(expect.arrayContaining(['EVENTS_TOPIC_ARN=topic:events', 'JOBS_QUEUE_URL=queue:jobs', 'ORDERS_TABLE=table:orders', 'REPORTS_BUCKET=bucket:reports']));
});

describe('the reader itself', () => {
  const vpc = { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } };

  test.each(['blueprints/web-app.yaml', 'synth-tests/fixtures/data-stores.yaml'])('the result does not depend on the order of the Resources (%s)', (file) => {
    const { template } = synth(file);
    const resources = template.Resources as Record<string, unknown>;
    const ids = Object.keys(resources);
    // Reversed, and interleaved from both ends: two orders unlike the original.
    const reversed = Object.fromEntries([...ids].reverse().map((id) => [id, resources[id]]));
    const interleaved = Object.fromEntries(ids.map((_, i) => ids[i % 2 ? ids.length - 1 - (i >> 1) : i >> 1]).map((id) => [id, resources[id]]));
    const original = JSON.stringify(inventoryFromTemplate(template));
    expect(JSON.stringify(inventoryFromTemplate({ ...template, Resources: reversed }))).toBe(original);
    expect(JSON.stringify(inventoryFromTemplate({ ...template, Resources: interleaved }))).toBe(original);
  });

  test('a subnet without a route table association throws, naming it', () => {
    const template = {
      Resources: {
        Vpc: vpc,
        LonelySubnet: { Type: 'AWS::EC2::Subnet', Properties: { VpcId: { Ref: 'Vpc' }, AvailabilityZone: 'us-east-1a', CidrBlock: '10.0.0.0/24' } },
      },
    };
    expect(() => inventoryFromTemplate(template)).toThrow(/LonelySubnet \(AWS::EC2::Subnet\): has no route table association/);
  });

  test('a resource type the inventory does not cover throws, naming it', () => {
    const template = { Resources: { Vpc: vpc, Files: { Type: 'AWS::EFS::FileSystem', Properties: {} } } };
    expect(() => inventoryFromTemplate(template)).toThrow(/Files \(AWS::EFS::FileSystem\): this resource type is not in the inventory/);
  });

  /** The data-stores fixture's resources, deep-copied, for a test to break. */
  const dataResources = () => {
    const { template } = synth('synth-tests/fixtures/data-stores.yaml');
    const resources = JSON.parse(JSON.stringify(template.Resources)) as Record<string, { Type: string; Properties: Record<string, unknown> }>;
    const find = (type: string, pred: (id: string) => boolean = () => true) => Object.keys(resources).find((id) => resources[id].Type === type && pred(id))!;
    return { template, resources, find };
  };

  test('a store without its "blueprint:store" tag throws, naming it (it has no name)', () => {
    const { template, resources, find } = dataResources();
    const bucket = find('AWS::S3::Bucket', (id) => id.startsWith('Data'));
    resources[bucket].Properties.Tags = (resources[bucket].Properties.Tags as { Key: string }[]).filter((t) => t.Key !== 'blueprint:store');
    expect(() => inventoryFromTemplate({ ...template, Resources: resources })).toThrow(new RegExp(`${bucket} \\(AWS::S3::Bucket\\): has no "blueprint:store" tag`));
  });

  test('a task-role statement on anything but a store ARN throws, naming the policy ("*", a literal ARN)', () => {
    for (const resource of ['*', 'arn:aws:s3:::someone-elses-bucket/*']) {
      const { template, resources, find } = dataResources();
      const policy = find('AWS::IAM::Policy', (id) => id.includes('DataAccess'));
      const doc = resources[policy].Properties.PolicyDocument as { Statement: { Resource: unknown }[] };
      doc.Statement[0].Resource = resource;
      expect(() => inventoryFromTemplate({ ...template, Resources: resources })).toThrow(new RegExp(`${policy} \\(AWS::IAM::Policy\\) PolicyDocument.Statement\\[0\\].Resource\\[0\\]: .* is not a data store's ARN`));
    }
  });

  test('a connection with the wrong attribute throws (a queue ARN where its URL belongs)', () => {
    const { template, resources, find } = dataResources();
    const td = find('AWS::ECS::TaskDefinition', (id) => id.includes('api'));
    const env = (resources[td].Properties.ContainerDefinitions as { Environment: { Name: string; Value: unknown }[] }[])[0].Environment;
    const url = env.find((e) => e.Name === 'JOBS_QUEUE_URL')!;
    const queue = (url.Value as { Ref: string }).Ref;
    url.Value = { 'Fn::GetAtt': [queue, 'Arn'] };
    expect(() => inventoryFromTemplate({ ...template, Resources: resources })).toThrow(new RegExp(`${td} .*a reference to ${queue} \\(AWS::SQS::Queue\\) attribute Arn has no name`));
  });

  test('a resource policy that denies more than plain HTTP throws; a bucket policy\'s Allow is a grant', () => {
    const { template, resources, find } = dataResources();
    const policy = find('AWS::S3::BucketPolicy', (id) => id.startsWith('Data'));
    const doc = resources[policy].Properties.PolicyDocument as { Statement: Record<string, unknown>[] };
    doc.Statement.push({ ...doc.Statement[0], Condition: undefined });
    expect(() => inventoryFromTemplate({ ...template, Resources: resources })).toThrow(new RegExp(`${policy} \\(AWS::S3::BucketPolicy\\) PolicyDocument.Statement\\[1\\]: is not a TLS-only deny`));
    doc.Statement[1] = { ...doc.Statement[0], Effect: 'Allow', Condition: undefined };
    const reports = inventoryFromTemplate({ ...template, Resources: resources }).buckets.find((b) => b.name === 'bucket:reports')!;
    expect(reports.grants).toEqual([{ principal: 'aws:*', actions: ['s3:*'], resources: ['bucket:reports', 'bucket:reports/*'], conditions: [] }]);
  });

  test('without the TLS-only policy, or with only part of the bucket covered, a store is not tlsOnly', () => {
    const { template, resources, find } = dataResources();
    delete resources[find('AWS::SQS::QueuePolicy', (id) => !id.includes('DeadLetter'))];
    const bucketPolicy = find('AWS::S3::BucketPolicy', (id) => id.startsWith('Data'));
    const statement = (resources[bucketPolicy].Properties.PolicyDocument as { Statement: { Resource: unknown[] }[] }).Statement[0];
    statement.Resource = statement.Resource.slice(0, 1);
    const inv = inventoryFromTemplate({ ...template, Resources: resources });
    expect(inv.queues.map((q) => [q.name, q.tlsOnly])).toEqual([
      ['queue:jobs', false],
      ['queue:jobs/dead-letter', true],
    ]);
    expect(inv.buckets.find((b) => b.name === 'bucket:reports')!.tlsOnly).toBe(false);
  });

  test('a metric dimension pointing at the wrong attribute throws (an ARN where the full name belongs)', () => {
    const { template } = synth('blueprints/starter.yaml');
    const resources = JSON.parse(JSON.stringify(template.Resources)) as Record<string, { Type: string; Properties: Record<string, unknown> }>;
    const [id, alarm] = Object.entries(resources).find(([, r]) => r.Type === 'AWS::CloudWatch::Alarm' && r.Properties.Namespace === 'AWS/ApplicationELB')!;
    const dims = alarm.Properties.Dimensions as { Name: string; Value: unknown }[];
    const lb = Object.keys(resources).find((k) => resources[k].Type === 'AWS::ElasticLoadBalancingV2::LoadBalancer')!;
    dims.find((x) => x.Name === 'LoadBalancer')!.Value = { Ref: lb };
    expect(() => inventoryFromTemplate({ ...template, Resources: resources })).toThrow(new RegExp(`${id} .*a reference to ${lb} .* by Ref has no name`));
  });

  /** The event-driven blueprint's resources, deep-copied, for a test to break. */
  const workerResources = () => {
    const { template } = synth('blueprints/event-driven.yaml');
    const resources = JSON.parse(JSON.stringify(template.Resources)) as Record<string, { Type: string; Properties: Record<string, unknown> }>;
    const find = (type: string, pred: (id: string) => boolean = () => true) => Object.keys(resources).find((id) => resources[id].Type === type && pred(id))!;
    return { template, resources, find };
  };

  test('a worker\'s step policies and alarms read back by name: scaling-policy:<service>/<name>, queue:<key>', () => {
    const inv = inventoryFromTemplate(synth('blueprints/event-driven.yaml').template);
    const alarm = inv.alarms.find((a) => a.alarmActions[0] === 'scaling-policy:order-processor/queue-depth')!;
    expect(alarm.metric).toEqual({ namespace: 'AWS/SQS', metricName: 'ApproximateNumberOfMessagesVisible', statistic: 'Maximum', dimensions: { QueueName: 'queue:incoming-orders' }, periodSeconds: 60 });
    expect(inv.services.find((s) => s.key === 'order-processor')!.scaling!.stepPolicies.find((p) => p.name === 'queue-empty')).toEqual({
      name: 'queue-empty',
      adjustmentType: 'ExactCapacity',
      cooldownSeconds: 300,
      metricAggregation: 'Maximum',
      minAdjustmentMagnitude: null,
      // Exactly its minimum: 6, the tasks the queue's average load keeps busy.
      steps: [{ lower: null, upper: 0, adjustment: 6 }],
    });
  });

  test('a step-scaling policy that no alarm invokes throws, naming it', () => {
    const { template, resources, find } = workerResources();
    const alarm = find('AWS::CloudWatch::Alarm', (id) => id.includes('Alarmqueueempty'));
    const policy = (resources[alarm].Properties.AlarmActions as { Ref: string }[])[0].Ref;
    delete resources[alarm];
    expect(() => inventoryFromTemplate({ ...template, Resources: resources })).toThrow(new RegExp(`${policy} \\(AWS::ApplicationAutoScaling::ScalingPolicy\\): no alarm invokes this step-scaling policy`));
  });

  test('an alarm that invokes a target-tracking policy throws', () => {
    const { template, resources, find } = workerResources();
    const alarm = find('AWS::CloudWatch::Alarm', (id) => id.includes('Alarmqueuedepth'));
    const tracking = find('AWS::ApplicationAutoScaling::ScalingPolicy', (id) => resources[id].Properties.PolicyType === 'TargetTrackingScaling');
    resources[alarm].Properties.AlarmActions = [...(resources[alarm].Properties.AlarmActions as unknown[]), { Ref: tracking }];
    expect(() => inventoryFromTemplate({ ...template, Resources: resources })).toThrow(new RegExp(`${alarm} .*invokes ${tracking}, a "TargetTrackingScaling" policy`));
  });

  test('a QueueName dimension that is not a queue\'s QueueName throws (its URL, by Ref)', () => {
    const { template, resources, find } = workerResources();
    const alarm = find('AWS::CloudWatch::Alarm', (id) => id.includes('Alarmqueuedepth'));
    const dims = resources[alarm].Properties.Dimensions as { Name: string; Value: unknown }[];
    const queue = (dims[0].Value as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    dims[0].Value = { Ref: queue };
    expect(() => inventoryFromTemplate({ ...template, Resources: resources })).toThrow(new RegExp(`${alarm} .*Dimensions\\[0\\].Value: expected a queue's QueueName`));
  });

  test('a dashboard row with "." and "..." repeats the row above', () => {
    const body = {
      widgets: [
        {
          type: 'metric',
          properties: {
            title: 'EC2',
            period: 120,
            metrics: [['AWS/EC2', 'CPUUtilization', 'InstanceId', 'i-1', { stat: 'Maximum' }], ['.', 'NetworkIn', '.', '.'], ['...', 'i-2', { label: 'two' }]],
          },
        },
      ],
    };
    const inv = inventoryFromTemplate({ Resources: { Vpc: vpc, Board: { Type: 'AWS::CloudWatch::Dashboard', Properties: { DashboardName: 'b', DashboardBody: JSON.stringify(body) } } } });
    expect(inv.dashboards[0].widgets[0].metrics).toEqual([
      { namespace: 'AWS/EC2', metricName: 'CPUUtilization', statistic: 'Maximum', dimensions: { InstanceId: 'i-1' }, label: null, periodSeconds: 120 },
      { namespace: 'AWS/EC2', metricName: 'NetworkIn', statistic: 'Average', dimensions: { InstanceId: 'i-1' }, label: null, periodSeconds: 120 },
      { namespace: 'AWS/EC2', metricName: 'NetworkIn', statistic: 'Average', dimensions: { InstanceId: 'i-2' }, label: 'two', periodSeconds: 120 },
    ]);
  });

  /** The provisioned-table fixture's resources, deep-copied, for a test to break; `target(dimension, index)` finds a table scalable target of orders. */
  const provisionedResources = () => {
    const { template } = synth('synth-tests/fixtures/provisioned-table.yaml');
    const resources = JSON.parse(JSON.stringify(template.Resources)) as Record<string, { Type: string; Properties: Record<string, unknown> }>;
    const find = (type: string, pred: (id: string) => boolean = () => true) => Object.keys(resources).find((id) => resources[id].Type === type && pred(id))!;
    const target = (dimension: string, part: string) => find('AWS::ApplicationAutoScaling::ScalableTarget', (id) => id.startsWith(`DataTableorders${part}`) && resources[id].Properties.ScalableDimension === dimension);
    const policyOf = (st: string) => find('AWS::ApplicationAutoScaling::ScalingPolicy', (id) => (resources[id].Properties.ScalingTargetId as { Ref: string }).Ref === st);
    const read = (r: typeof resources) => inventoryFromTemplate({ ...template, Resources: r });
    return { resources, find, target, policyOf, read };
  };

  test('a table\'s capacity: the initial units beside each scalable target and its policy; absent cooldowns read as DynamoDB\'s 0 s', () => {
    const { resources, target, policyOf, read } = provisionedResources();
    const orders = read(resources).tables.find((tb) => tb.name === 'table:orders')!;
    expect(orders.capacity!.read).toEqual({ units: 5, scaling: { min: 5, max: 200, targetUtilization: 60, scaleInCooldownSeconds: 300, scaleOutCooldownSeconds: 60 } });
    expect(orders.indexes.find((i) => i.name === 'by-status')!.capacity!.write).toEqual({ units: 2, scaling: { min: 2, max: 50, targetUtilization: 60, scaleInCooldownSeconds: 300, scaleOutCooldownSeconds: 60 } });
    const config = resources[policyOf(target('dynamodb:index:WriteCapacityUnits', 'TablebystatusWrite'))].Properties.TargetTrackingScalingPolicyConfiguration as Record<string, unknown>;
    delete config.ScaleInCooldown;
    delete config.ScaleOutCooldown;
    expect(read(resources).tables.find((tb) => tb.name === 'table:orders')!.indexes.find((i) => i.name === 'by-status')!.capacity!.write.scaling).toMatchObject({ scaleInCooldownSeconds: 0, scaleOutCooldownSeconds: 0 });
  });

  test('a scalable target of anything but an ECS service or a DynamoDB table\'s capacity throws, naming it', () => {
    const { resources, target, read } = provisionedResources();
    const st = target('dynamodb:table:ReadCapacityUnits', 'TableRead');
    Object.assign(resources[st].Properties, { ServiceNamespace: 'rds', ScalableDimension: 'rds:cluster:ReadReplicaCount' });
    expect(() => read(resources)).toThrow(new RegExp(`${st} \\(AWS::ApplicationAutoScaling::ScalableTarget\\): scales "rds" "rds:cluster:ReadReplicaCount"`));
  });

  test('a table\'s scalable target with another role, a second policy or another metric throws, naming it', () => {
    {
      const { resources, target, read } = provisionedResources();
      const st = target('dynamodb:table:WriteCapacityUnits', 'TableWrite');
      resources[st].Properties.RoleARN = 'arn:aws:iam::123456789012:role/scaler';
      expect(() => read(resources)).toThrow(new RegExp(`${st} .*RoleARN: is not DynamoDB's Application Auto Scaling service-linked role`));
    }
    {
      const { resources, target, policyOf, read } = provisionedResources();
      const st = target('dynamodb:index:ReadCapacityUnits', 'TablebycustomerRead');
      resources.Extra = JSON.parse(JSON.stringify(resources[policyOf(st)]));
      expect(() => read(resources)).toThrow(new RegExp(`${st} .*the read capacity of table:orders index by-customer has 2 scaling policies`));
    }
    {
      const { resources, target, policyOf, read } = provisionedResources();
      const sp = policyOf(target('dynamodb:table:ReadCapacityUnits', 'TableRead'));
      (resources[sp].Properties.TargetTrackingScalingPolicyConfiguration as { PredefinedMetricSpecification: Record<string, unknown> }).PredefinedMetricSpecification.PredefinedMetricType = 'DynamoDBWriteCapacityUtilization';
      expect(() => read(resources)).toThrow(new RegExp(`${sp} .*DynamoDBWriteCapacityUtilization does not measure the read capacity of table:orders`));
    }
  });

  test('autoscaling of a table billed per request, or of an index it does not have, throws', () => {
    {
      const { resources, find, read } = provisionedResources();
      const table = find('AWS::DynamoDB::Table', (id) => id.startsWith('DataTablesessions'));
      resources[table].Properties.BillingMode = 'PAY_PER_REQUEST';
      delete resources[table].Properties.ProvisionedThroughput;
      expect(() => read(resources)).toThrow(new RegExp(`${table} .*ProvisionedThroughput: is billed per request, yet a scalable target scales its capacity`));
    }
    {
      const { resources, find, target, read } = provisionedResources();
      const st = target('dynamodb:index:ReadCapacityUnits', 'TablebycustomerRead');
      (resources[st].Properties.ResourceId as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1][2] = '/index/by-nothing';
      expect(() => read(resources)).toThrow(new RegExp(`${find('AWS::DynamoDB::Table', (id) => id.startsWith('DataTableorders'))} \\(AWS::DynamoDB::Table\\): has no index by-nothing`));
    }
  });

  test('every skipped resource type says why', () => {
    for (const [type, reason] of Object.entries(SKIPPED_RESOURCE_TYPES)) {
      expect(type).toMatch(/^(AWS|Custom)::/);
      expect(reason.length).toBeGreaterThan(20);
    }
  });

  test('the reader imports no IaC backend, only the inventory types, the canonical order, the design\'s sizing tags, node:crypto (the SHA-256 of a GraphQL schema and resolver code) and its own modules', () => {
    const dir = 'src/parity/cloudformation';
    const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));
    expect(files).toContain('index.ts');
    const own = new Set(files.map((f) => `./${f.replace(/\.ts$/, '')}`));
    for (const file of files) {
      const text = readFileSync(`${dir}/${file}`, 'utf8');
      const imports = [...text.matchAll(/from\s+['"]([^'"]+)['"]/g)].map((m) => m[1]);
      expect({ file, imports: imports.filter((i) => !own.has(i) && i !== '../inventory' && i !== '../sort' && i !== '../../design/sizing' && i !== 'node:crypto') }).toEqual({ file, imports: [] });
      expect({ file, dynamic: /\brequire\s*\(|\bimport\s*\(/.test(text) }).toEqual({ file, dynamic: false });
    }
  });
});

describe.each(BLUEPRINTS)('%s: stack-wide facts', (file) => {
  test('the stack carries the design\'s tags, and the VPC resolves DNS names (Service Connect needs both settings)', () => {
    const { template, design, dr } = synth(file);
    const inventory = inventoryFromTemplate(template, dr);
    expect(inventory.tags).toEqual(design.tags);
    expect(inventory.network).toMatchObject({ dnsSupport: true, dnsHostnames: true });
  });
});

describe("blueprints/hipaa-platform.yaml: the stack's key and the hardened decisions, read back", () => {
  const FILE = 'blueprints/hipaa-platform.yaml';
  let inv: Inventory;
  beforeAll(() => {
    const { template, dr } = synth(FILE);
    inv = inventoryFromTemplate(template, dr);
  });

  test('the key: its alias, yearly rotation, 30-day deletion window, retained, and the services its policy serves', () => {
    expect(inv.key).toEqual({ alias: 'alias/hipaa-platform', rotation: true, rotationPeriodDays: 365, pendingWindowDays: 30, retain: true, services: ['cloudtrail', 'cloudwatch', 'logs'] });
  });

  test('"key" encrypts every store, the alarm topic, every log group and the trail; not the access-log bucket', () => {
    expect(inv.buckets.map((b) => [b.name, b.encryption, b.kmsKey, b.bucketKey])).toEqual([
      ['bucket:access-logs', 'AES256', null, false],
      ['bucket:audit-logs', 'aws:kms', 'key', true],
      ['bucket:documents', 'aws:kms', 'key', true],
    ]);
    expect(inv.queues.map((q) => [q.name, q.encryption, q.dataKeyReuseSeconds])).toEqual([
      ['queue:intake', 'key', 300],
      ['queue:intake/dead-letter', 'key', 300],
    ]);
    expect(inv.topics.map((tp) => [tp.name, tp.kmsKey])).toEqual([['topic', 'key']]);
    expect(inv.logGroups.map((lg) => [lg.owner, lg.kmsKey])).toEqual([
      ['flow-logs', 'key'],
      ['service:intake-worker', 'key'],
      ['service:portal', 'key'],
      ['service:records-api', 'key'],
      ['trail', 'key'],
      ['web-acl', 'key'],
    ]);
    expect(inv.audit!.trail!.kmsKey).toBe('key');
  });

  test('the database: the key at rest, for Performance Insights and its RDS-managed secret; log exports; enhanced monitoring', () => {
    expect(inv.databases).toHaveLength(1);
    expect(inv.databases[0]).toMatchObject({
      name: 'database:records',
      encryption: 'key',
      performanceInsightsRetentionDays: 7,
      performanceInsightsEncryption: 'key',
      managedPassword: true,
      secretEncryption: 'key',
      logExports: ['postgresql'],
      monitoring: { intervalSeconds: 60, roleManagedPolicies: ['service-role/AmazonRDSEnhancedMonitoringRole'] },
    });
  });

  test('the cache: the key at rest and for its AUTH token', () => {
    expect(inv.caches.map((c) => [c.name, c.atRestEncryption, c.encryption, c.authToken, c.authTokenEncryption])).toEqual([['cache:sessions', true, 'key', 'secret:cache:sessions', 'key']]);
  });

  test('the web ACL logs into its aws-waf-logs- log group, kept six years, the authorization header redacted', () => {
    expect(inv.webAcls.map((a) => a.logging)).toEqual([{ logGroupName: 'aws-waf-logs-hipaa-platform', retentionDays: 2192, redactedHeaders: ['authorization'] }]);
    expect(inv.logGroups.find((lg) => lg.owner === 'web-acl')).toEqual({ owner: 'web-acl', retentionDays: 2192, kmsKey: 'key' });
  });

  test('each task role may use "key" as the design says, in a statement of its own; each execution role may decrypt its secrets with it', () => {
    const onKey = (ps: ServiceInventory['permissions']) => ps.filter((p) => p.resources.includes('key'));
    expect(Object.fromEntries(inv.services.map((s) => [s.key, { task: onKey(s.permissions), execution: onKey(s.executionPermissions) }]))).toEqual({
      'intake-worker': { task: [{ effect: 'Allow', actions: ['kms:Decrypt'], resources: ['key'] }], execution: [{ effect: 'Allow', actions: ['kms:Decrypt'], resources: ['key'] }] },
      portal: { task: [], execution: [{ effect: 'Allow', actions: ['kms:Decrypt'], resources: ['key'] }] },
      'records-api': { task: [{ effect: 'Allow', actions: ['kms:Decrypt', 'kms:GenerateDataKey'], resources: ['key'] }], execution: [{ effect: 'Allow', actions: ['kms:Decrypt'], resources: ['key'] }] },
    });
  });

  test('public subnets give no public IP on launch', () => {
    expect(inv.network.subnets.filter((s) => s.tier === 'public').map((s) => s.mapPublicIp)).toEqual([false, false, false]);
  });
});

describe("the reader itself: the stack's key and the hardened decisions", () => {
  type Resources = Record<string, { Type: string; Properties: Record<string, any>; DeletionPolicy?: string; UpdateReplacePolicy?: string }>;
  /** hipaa-platform's resources, deep-copied, for a test to break, and its template read with them. */
  const hipaa = () => {
    const { template, dr } = synth('blueprints/hipaa-platform.yaml');
    const resources = JSON.parse(JSON.stringify(template.Resources)) as Resources;
    const find = (type: string, pred: (id: string) => boolean = () => true) => Object.keys(resources).find((id) => resources[id].Type === type && pred(id))!;
    const key = find('AWS::KMS::Key');
    const policy = resources[key].Properties.KeyPolicy as { Statement: Record<string, any>[] };
    return { resources, find, key, policy, read: () => inventoryFromTemplate({ ...template, Resources: resources }, dr) };
  };
  /** A failure's location and message as the reader words it: "<id> (<type>) <field>: <message>" or "<id> (<type>): <message>". */
  const where = (id: string, type: string, rest: string) => new RegExp(`${id} \\(${type}\\)${rest.startsWith(':') ? '' : ' '}${rest}`);

  test("CDK's grants to the account's own identities in the key policy are not services; a grant to another account throws", () => {
    const { policy, key, read } = hipaa();
    // hipaa-platform's key policy holds two: the root with kms:ViaService secretsmanager, and the portal's execution role.
    const grants = policy.Statement.filter((s) => s.Principal.AWS && s.Condition);
    expect(grants.map((s) => s.Condition)).toEqual([expect.objectContaining({ StringEquals: { 'kms:ViaService': 'secretsmanager.us-east-1.amazonaws.com' } }), expect.anything()]);
    expect(read().key!.services).toEqual(['cloudtrail', 'cloudwatch', 'logs']);
    grants[1].Principal.AWS = 'arn:aws:iam::123456789012:role/elsewhere';
    expect(read).toThrow(where(key, 'AWS::KMS::Key', 'KeyPolicy.Statement\\[\\d+\\].Principal.AWS: "arn:aws:iam::123456789012:role/elsewhere" is neither the account\'s root nor a role of the stack'));
  });

  test("a key policy without the root's kms:*, with a Deny, an unknown service or a service allowed more throws", () => {
    {
      const { policy, key, read } = hipaa();
      policy.Statement = policy.Statement.filter((s) => !(s.Action === 'kms:*'));
      expect(read).toThrow(where(key, 'AWS::KMS::Key', "KeyPolicy: does not allow the account's root kms:\\*"));
    }
    {
      const { policy, key, read } = hipaa();
      policy.Statement.push({ Effect: 'Deny', Principal: { AWS: '*' }, Action: 'kms:Decrypt', Resource: '*' });
      expect(read).toThrow(where(key, 'AWS::KMS::Key', 'KeyPolicy.Statement\\[\\d+\\].Effect: is "Deny"'));
    }
    {
      const { policy, key, read } = hipaa();
      policy.Statement.push({ Effect: 'Allow', Principal: { Service: 'sns.amazonaws.com' }, Action: 'kms:Decrypt', Resource: '*' });
      expect(read).toThrow(where(key, 'AWS::KMS::Key', 'KeyPolicy.Statement\\[\\d+\\].Principal.Service: "sns.amazonaws.com" is not a service the inventory knows'));
    }
    {
      const { policy, key, read } = hipaa();
      policy.Statement.find((s) => s.Sid === 'CloudWatchAlarms')!.Action.push('kms:ReEncrypt*');
      expect(read).toThrow(where(key, 'AWS::KMS::Key', 'KeyPolicy: allows cloudwatch .*kms:ReEncrypt\\*'));
    }
    {
      // The logs service's statement without its condition: every log group of every account could use the key.
      const { policy, key, read } = hipaa();
      delete policy.Statement.find((s) => s.Sid === 'CloudWatchLogs')!.Condition;
      expect(read).toThrow(where(key, 'AWS::KMS::Key', 'KeyPolicy: allows logs '));
    }
  });

  test('the key: another key spec, a second alias or a second key throws', () => {
    {
      const { resources, key, read } = hipaa();
      resources[key].Properties.KeySpec = 'RSA_2048';
      expect(read).toThrow(where(key, 'AWS::KMS::Key', 'KeySpec: is not SYMMETRIC_DEFAULT'));
    }
    {
      const { resources, find, read } = hipaa();
      const alias = find('AWS::KMS::Alias');
      resources.SecondAlias = JSON.parse(JSON.stringify({ ...resources[alias], Properties: { ...resources[alias].Properties, AliasName: 'alias/other' } }));
      expect(read).toThrow(/has 2 aliases; the inventory records exactly one/);
    }
    {
      const { resources, key, read } = hipaa();
      resources.SecondKey = JSON.parse(JSON.stringify(resources[key]));
      expect(read).toThrow(/the inventory names one customer-managed key \("key"\); the template has 2/);
    }
  });

  test('a grant of the key beside the design\'s statement in an execution role\'s policy reads as the one statement on "key"; the key beside a store in one statement throws', () => {
    {
      const { resources, find, read } = hipaa();
      const policy = find('AWS::IAM::Policy', (id) => id.startsWith('ComputeServiceportalTaskExecutionRoleDefaultPolicy'));
      const statements = resources[policy].Properties.PolicyDocument.Statement as Record<string, unknown>[];
      const design = statements.find((s) => s.Action === 'kms:Decrypt')!;
      statements.push({ ...design }, { ...design, Action: ['kms:Decrypt'] });
      const portal = read().services.find((s) => s.key === 'portal')!;
      expect(portal.executionPermissions.filter((p) => p.resources.includes('key'))).toEqual([{ effect: 'Allow', actions: ['kms:Decrypt'], resources: ['key'] }]);
    }
    {
      const { resources, find, read } = hipaa();
      const policy = find('AWS::IAM::Policy', (id) => id.startsWith('ComputeServicerecordsapiDataAccess'));
      const statements = resources[policy].Properties.PolicyDocument.Statement as { Resource: unknown; Action: unknown }[];
      const onKey = statements.find((s) => JSON.stringify(s.Resource).includes('Key'))!;
      statements[0].Resource = [...(statements[0].Resource as unknown[]), onKey.Resource];
      expect(read).toThrow(where(policy, 'AWS::IAM::Policy', "PolicyDocument.Statement\\[0\\].Resource: names the stack's key beside other resources"));
    }
  });

  test('enhanced monitoring: a role that trusts another service, or has a policy of its own, or instances that disagree, throw', () => {
    {
      const { resources, find, read } = hipaa();
      const role = find('AWS::IAM::Role', (id) => id.includes('MonitoringRole'));
      resources[role].Properties.AssumeRolePolicyDocument.Statement[0].Principal.Service = 'ec2.amazonaws.com';
      expect(read).toThrow(where(role, 'AWS::IAM::Role', 'AssumeRolePolicyDocument: an enhanced-monitoring role must trust monitoring.rds.amazonaws.com only'));
    }
    {
      const { resources, find, read } = hipaa();
      const role = find('AWS::IAM::Role', (id) => id.includes('MonitoringRole'));
      resources.MonitoringExtra = { Type: 'AWS::IAM::Policy', Properties: { PolicyName: 'extra', Roles: [{ Ref: role }], PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] } } };
      expect(read).toThrow(where('MonitoringExtra', 'AWS::IAM::Policy', `: is attached to ${role}, an enhanced-monitoring role`));
    }
    {
      const { resources, find, read } = hipaa();
      const cluster = find('AWS::RDS::DBCluster');
      const reader = find('AWS::RDS::DBInstance', (id) => id.includes('Reader'));
      resources[reader].Properties.MonitoringInterval = 30;
      expect(read).toThrow(where(cluster, 'AWS::RDS::DBCluster', ': its instances differ in monitoring'));
    }
    {
      const { resources, find, read } = hipaa();
      const writer = find('AWS::RDS::DBInstance', (id) => id.includes('Writer'));
      delete resources[writer].Properties.MonitoringRoleArn;
      expect(read).toThrow(where(writer, 'AWS::RDS::DBInstance', 'MonitoringRoleArn: is missing'));
    }
  });

  test('web ACL logging: a logging filter, another redacted field or a destination outside the stack throws', () => {
    {
      const { resources, find, read } = hipaa();
      const logging = find('AWS::WAFv2::LoggingConfiguration');
      resources[logging].Properties.LoggingFilter = { DefaultBehavior: 'DROP', Filters: [] };
      expect(read).toThrow(where(logging, 'AWS::WAFv2::LoggingConfiguration', ': LoggingFilter: not in the inventory'));
    }
    {
      const { resources, find, read } = hipaa();
      const logging = find('AWS::WAFv2::LoggingConfiguration');
      resources[logging].Properties.RedactedFields.push({ QueryString: {} });
      expect(read).toThrow(where(logging, 'AWS::WAFv2::LoggingConfiguration', 'RedactedFields\\[1\\]: .* the inventory records single headers only'));
    }
    {
      const { resources, find, read } = hipaa();
      const logging = find('AWS::WAFv2::LoggingConfiguration');
      resources[logging].Properties.LogDestinationConfigs = ['arn:aws:logs:us-east-1:123456789012:log-group:aws-waf-logs-elsewhere'];
      expect(read).toThrow(where(logging, 'AWS::WAFv2::LoggingConfiguration', 'LogDestinationConfigs\\[0\\]: .* is not the ARN of a CloudWatch log group of the stack\'s account'));
    }
    {
      const { resources, find, read } = hipaa();
      const logging = find('AWS::WAFv2::LoggingConfiguration');
      const arn = resources[logging].Properties.LogDestinationConfigs[0];
      arn['Fn::Join'][1][0] = 'arn:aws:logs:us-east-1:';
      arn['Fn::Join'][1][2] = ':log-group:aws-waf-logs-nothing';
      expect(read).toThrow(where(logging, 'AWS::WAFv2::LoggingConfiguration', 'LogDestinationConfigs\\[0\\]: names log group "aws-waf-logs-nothing", which is no log group of the stack'));
    }
  });

  test('a key where none is read throws: a queue\'s data-key reuse without a key, a KMS key under SSE-S3, a cache key without at-rest encryption', () => {
    {
      const { resources, find, read } = hipaa();
      const queue = find('AWS::SQS::Queue', (id) => id.includes('Queue') && !id.includes('DeadLetter'));
      delete resources[queue].Properties.KmsMasterKeyId;
      expect(read).toThrow(where(queue, 'AWS::SQS::Queue', 'KmsDataKeyReusePeriodSeconds: is set on a queue without a KMS key'));
    }
    {
      const { resources, find, read } = hipaa();
      const bucket = find('AWS::S3::Bucket', (id) => id.startsWith('DataBucket'));
      resources[bucket].Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm = 'AES256';
      expect(read).toThrow(where(bucket, 'AWS::S3::Bucket', 'ServerSideEncryptionByDefault.KMSMasterKeyID: is set under SSE-S3'));
    }
    {
      const { resources, find, read } = hipaa();
      const cache = find('AWS::ElastiCache::ReplicationGroup');
      resources[cache].Properties.AtRestEncryptionEnabled = false;
      expect(read).toThrow(where(cache, 'AWS::ElastiCache::ReplicationGroup', 'KmsKeyId: is set while at-rest encryption is off'));
    }
  });
});
