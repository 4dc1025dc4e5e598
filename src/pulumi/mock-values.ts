/*
 * What the mocks answer for values the engine would compute (ids, ARNs,
 * names, ARN suffixes, endpoints, generated passwords), derived from the
 * logical name so that every mock run gives the same graph. The parity
 * reader (src/parity/pulumi/) maps these values back to the resources they
 * name. No Pulumi import: reading an inventory must not load the SDK.
 */
export const MOCK_ACCOUNT = '123456789012';
const SUFFIX = '0123456789abcdef';

export const mockId = (name: string) => `${name}-id`;

export const GET_CALLER_IDENTITY = 'aws:index/getCallerIdentity:getCallerIdentity';

export const GET_PARTITION = 'aws:index/getPartition:getPartition';

/** What aws.getPartition answers: the commercial partition. */
export const mockPartition = () => ({ partition: 'aws', dnsSuffix: 'amazonaws.com', id: 'aws', reverseDnsPrefix: 'com.amazonaws' });

/** What aws.getCallerIdentity answers: the mock account. */
export const mockCallerIdentity = () => ({ accountId: MOCK_ACCOUNT, arn: `arn:aws:iam::${MOCK_ACCOUNT}:user/mock`, id: MOCK_ACCOUNT, userId: 'MOCKUSERID' });

/** arn:aws:<service>:<region>:<account>:<name>, the service taken from the type token (aws:ec2/vpc:Vpc -> ec2); a log group's as AWS's. */
export function mockArn(type: string, name: string, region: string): string {
  // A log group's as AWS writes it (arn:aws:logs:...:log-group:<name>), so that a policy scoped to its streams reads as one.
  if (type === 'aws:cloudwatch/logGroup:LogGroup') return `arn:aws:logs:${region}:${MOCK_ACCOUNT}:log-group:${name}`;
  const service = type.split(':')[1]?.split('/')[0] ?? 'mock';
  return `arn:aws:${service}:${region}:${MOCK_ACCOUNT}:${name}`;
}

export const LOAD_BALANCER = 'aws:lb/loadBalancer:LoadBalancer';
export const TARGET_GROUP = 'aws:lb/targetGroup:TargetGroup';
export const QUEUE = 'aws:sqs/queue:Queue';
export const BUCKET = 'aws:s3/bucket:Bucket';
export const TABLE = 'aws:dynamodb/table:Table';
/** The label of every mocked table stream (AWS's: the stream's creation time). */
export const MOCK_STREAM_LABEL = '2026-01-01T00:00:00.000';
export const DB_INSTANCE = 'aws:rds/instance:Instance';
export const DB_CLUSTER = 'aws:rds/cluster:Cluster';
export const REPLICATION_GROUP = 'aws:elasticache/replicationGroup:ReplicationGroup';
export const RANDOM_PASSWORD = 'random:index/randomPassword:RandomPassword';
export const RANDOM_ID = 'random:index/randomId:RandomId';
export const SAR_STACK = 'aws:serverlessrepository/cloudFormationStack:CloudFormationStack';
export const KMS_KEY = 'aws:kms/key:Key';
export const HTTP_API = 'aws:apigatewayv2/api:Api';
export const LAMBDA_FUNCTION = 'aws:lambda/function:Function';
export const CERTIFICATE = 'aws:acm/certificate:Certificate';
export const DNS_RECORD = 'aws:route53/record:Record';
export const DISTRIBUTION = 'aws:cloudfront/distribution:Distribution';
export const APPSYNC_DOMAIN = 'aws:appsync/domainName:DomainName';
/** The zone of every CloudFront name, an AppSync custom domain's among them. */
export const MOCK_CLOUDFRONT_ZONE = 'Z2FDTNDATAQYW2';
export const API_DOMAIN = 'aws:apigatewayv2/domainName:DomainName';
export const REST_API = 'aws:apigateway/restApi:RestApi';
export const REST_STAGE = 'aws:apigateway/stage:Stage';
export const REST_DOMAIN = 'aws:apigateway/domainName:DomainName';
/** A REST API's root resource ("/"), which its top-level resources and methods hang on. */
export const mockRootResourceId = (name: string) => `${name}-root-id`;
/** A REST API stage's ARN, as a web ACL association names it: arn:aws:apigateway:<region>::/restapis/<api id>/stages/<stage>. */
export const mockRestStageArn = (region: string, apiId: string, stage: string) => `arn:aws:apigateway:${region}::/restapis/${apiId}/stages/${stage}`;
/** The hosted zones AWS serves load balancers' and API domains' names from, as the mocks give them. */
export const MOCK_ELB_ZONE = 'ZMOCKELBZONE';
export const MOCK_API_ZONE = 'ZMOCKAPIZONE';

/** An HTTP API's execute-api ARN (executionArn), which its Lambda permissions' source ARNs extend: arn:aws:execute-api:<region>:<account>:<its id>. */
export const mockExecutionArn = (name: string, region: string) => `arn:aws:execute-api:${region}:${MOCK_ACCOUNT}:${mockId(name)}`;

/** The version a function publishes (publish: true; its first), what its alias names; $LATEST without publishing. */
export const mockFunctionVersion = (inputs: Record<string, unknown>) => (inputs.publish === true ? '1' : '$LATEST');

/** The function a hosted rotation application's stack creates (its RotationLambdaARN output). */
export const mockRotationLambdaArn = (functionName: string, region: string) => `arn:aws:lambda:${region}:${MOCK_ACCOUNT}:function:${functionName}`;

/** A random id's hex, from its name: byteLength bytes, so 2 x byteLength hex digits. */
export function mockHex(name: string, byteLength: number): string {
  let h = 0;
  for (const c of name) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return h.toString(16).padStart(8, '0').repeat(Math.ceil(byteLength / 4)).slice(0, 2 * byteLength);
}

export const mockQueueUrl = (name: string, region: string) => `https://sqs.${region}.amazonaws.com/${MOCK_ACCOUNT}/${name}`;

/** The secret RDS creates for a master password it manages (ManageMasterUserPassword). */
export const mockMasterUserSecretArn = (name: string, region: string) => `arn:aws:secretsmanager:${region}:${MOCK_ACCOUNT}:secret:rds!${name}`;

/** An RDS instance's DbiResourceId or an Aurora cluster's ClusterResourceId: what IAM database authentication ARNs name. */
export const mockDbResourceId = (type: string, name: string) => `${type === DB_CLUSTER ? 'cluster' : 'db'}-${name}`;

/** Endpoint addresses: an instance's, a cluster's writer and reader, a replication group's primary and configuration. */
export const mockEndpoint = {
  instance: (name: string, region: string) => `${name}.mock.${region}.rds.amazonaws.com`,
  cluster: (name: string, region: string) => `${name}.cluster-mock.${region}.rds.amazonaws.com`,
  clusterReader: (name: string, region: string) => `${name}.cluster-ro-mock.${region}.rds.amazonaws.com`,
  cachePrimary: (name: string) => `master.${name}.mock.cache.amazonaws.com`,
  cacheReader: (name: string) => `replica.${name}.mock.cache.amazonaws.com`,
  cacheConfiguration: (name: string) => `clustercfg.${name}.mock.cache.amazonaws.com`,
};

/** A generated password: the name's letters and digits, repeated to the length asked for. */
export function mockPassword(name: string, length: number): string {
  const chars = name.replace(/[^A-Za-z0-9]/g, '') || 'mock';
  return chars.repeat(Math.ceil(length / chars.length)).slice(0, length);
}

/** The ARN suffix CloudWatch uses as a dimension (app/NAME/ID, targetgroup/NAME/ID). */
export function mockArnSuffix(type: string, name: string): string | undefined {
  if (type === LOAD_BALANCER) return `app/${name}/${SUFFIX}`;
  if (type === TARGET_GROUP) return `targetgroup/${name}/${SUFFIX}`;
  return undefined;
}

/** Every computed output of a custom resource; some depend on its inputs, as they would in AWS. */
export function mockOutputs(type: string, name: string, region: string, inputs: Record<string, unknown> = {}): Record<string, unknown> {
  const out: Record<string, unknown> = { arn: mockArn(type, name, region), name };
  const suffix = mockArnSuffix(type, name);
  if (suffix) out.arnSuffix = suffix;
  if (type === LOAD_BALANCER) Object.assign(out, { dnsName: `${name}.${region}.elb.amazonaws.com`, zoneId: MOCK_ELB_ZONE });
  // DNS validation: one CNAME a domain, as ACM asks for it.
  if (type === CERTIFICATE) {
    const domain = String(inputs.domainName);
    out.domainValidationOptions = [{ domainName: domain, resourceRecordName: `_mock.${domain.replace(/^\*\./, '')}.`, resourceRecordType: 'CNAME', resourceRecordValue: `_mock.${name}.acm-validations.aws.` }];
  }
  if (type === QUEUE) out.url = mockQueueUrl(name, region);
  // A table's stream, as AWS names it: the table's ARN, /stream/ and the stream's label (its creation time).
  if (type === TABLE && inputs.streamEnabled === true) out.streamArn = `${out.arn}/stream/${MOCK_STREAM_LABEL}`;
  if (type === BUCKET) {
    out.bucket = name;
    out.bucketRegionalDomainName = `${name}.s3.${region}.amazonaws.com`;
  }
  if (type === DB_INSTANCE || type === DB_CLUSTER) {
    // The identifier AWS is given or the provider generates (metric dimensions): the logical name.
    if (type === DB_INSTANCE) {
      out.identifier = name;
      out.resourceId = mockDbResourceId(type, name);
      out.address = mockEndpoint.instance(name, region);
    } else {
      out.clusterIdentifier = name;
      out.clusterResourceId = mockDbResourceId(type, name);
      out.endpoint = mockEndpoint.cluster(name, region);
      out.readerEndpoint = mockEndpoint.clusterReader(name, region);
    }
    // RDS keeps the password in a secret of its own only when it manages it.
    if (inputs.manageMasterUserPassword === true) out.masterUserSecrets = [{ secretArn: mockMasterUserSecretArn(name, region), secretStatus: 'active' }];
  }
  if (type === REPLICATION_GROUP) {
    // Cluster mode (as AWS tells it: the parameter group, or ClusterMode) has a configuration endpoint only; otherwise a primary and a reader endpoint.
    if (inputs.clusterMode === 'enabled' || String(inputs.parameterGroupName ?? '').endsWith('.cluster.on')) out.configurationEndpointAddress = mockEndpoint.cacheConfiguration(name);
    else Object.assign(out, { primaryEndpointAddress: mockEndpoint.cachePrimary(name), readerEndpointAddress: mockEndpoint.cacheReader(name) });
  }
  if (type === RANDOM_PASSWORD) out.result = mockPassword(name, Number(inputs.length));
  if (type === SAR_STACK) out.outputs = { RotationLambdaARN: mockRotationLambdaArn(String((inputs.parameters as Record<string, unknown> | undefined)?.functionName), region) };
  // A key's id is its resource id (what an alias targets).
  if (type === KMS_KEY) out.keyId = mockId(name);
  if (type === RANDOM_ID) out.hex = mockHex(name, Number(inputs.byteLength));
  if (type === HTTP_API) out.executionArn = mockExecutionArn(name, region);
  if (type === REST_API) Object.assign(out, { executionArn: mockExecutionArn(name, region), rootResourceId: mockRootResourceId(name) });
  if (type === REST_STAGE) out.arn = mockRestStageArn(region, String(inputs.restApi), String(inputs.stageName));
  if (type === REST_DOMAIN) Object.assign(out, { regionalDomainName: `d-${mockHex(name, 5)}.execute-api.${region}.amazonaws.com`, regionalZoneId: MOCK_API_ZONE });
  if (type === LAMBDA_FUNCTION) {
    out.version = mockFunctionVersion(inputs);
    out.qualifiedArn = `${out.arn}:${out.version}`;
  }
  if (type === DISTRIBUTION) out.domainName = `d${mockHex(name, 7)}.cloudfront.net`;
  // An AppSync custom domain is served from CloudFront.
  if (type === APPSYNC_DOMAIN) Object.assign(out, { appsyncDomainName: `d${mockHex(name, 7)}.cloudfront.net`, hostedZoneId: MOCK_CLOUDFRONT_ZONE });
  if (type === DNS_RECORD) out.fqdn = String(inputs.name ?? name).replace(/\.$/, '');
  return out;
}

/** Outputs nested in an input (an API domain's configuration gains its target), merged over the inputs. */
export function mockNestedOutputs(type: string, name: string, region: string, inputs: Record<string, unknown> = {}): Record<string, unknown> {
  if (type === API_DOMAIN) {
    const config = (inputs.domainNameConfiguration ?? {}) as Record<string, unknown>;
    return { domainNameConfiguration: { ...config, targetDomainName: `d-${mockHex(name, 5)}.execute-api.${region}.amazonaws.com`, hostedZoneId: MOCK_API_ZONE } };
  }
  return {};
}
