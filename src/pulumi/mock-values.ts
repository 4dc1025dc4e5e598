/*
 * What the mocks answer for values the engine would compute (ids, ARNs,
 * names, ARN suffixes), derived from the logical name so that every mock run
 * gives the same graph. The parity reader (src/parity/pulumi/) maps
 * these values back to the resources they name. No Pulumi import: reading an
 * inventory must not load the SDK.
 */
export const MOCK_ACCOUNT = '123456789012';
const SUFFIX = '0123456789abcdef';

export const mockId = (name: string) => `${name}-id`;

/** arn:aws:<service>:<region>:<account>:<name>, the service taken from the type token (aws:ec2/vpc:Vpc -> ec2). */
export function mockArn(type: string, name: string, region: string): string {
  const service = type.split(':')[1]?.split('/')[0] ?? 'mock';
  return `arn:aws:${service}:${region}:${MOCK_ACCOUNT}:${name}`;
}

export const LOAD_BALANCER = 'aws:lb/loadBalancer:LoadBalancer';
export const TARGET_GROUP = 'aws:lb/targetGroup:TargetGroup';
export const QUEUE = 'aws:sqs/queue:Queue';
export const BUCKET = 'aws:s3/bucket:Bucket';

export const mockQueueUrl = (name: string, region: string) => `https://sqs.${region}.amazonaws.com/${MOCK_ACCOUNT}/${name}`;

/** The ARN suffix CloudWatch uses as a dimension (app/NAME/ID, targetgroup/NAME/ID). */
export function mockArnSuffix(type: string, name: string): string | undefined {
  if (type === LOAD_BALANCER) return `app/${name}/${SUFFIX}`;
  if (type === TARGET_GROUP) return `targetgroup/${name}/${SUFFIX}`;
  return undefined;
}

/** Every computed output of a custom resource. */
export function mockOutputs(type: string, name: string, region: string): Record<string, unknown> {
  const out: Record<string, unknown> = { arn: mockArn(type, name, region), name };
  const suffix = mockArnSuffix(type, name);
  if (suffix) out.arnSuffix = suffix;
  if (type === LOAD_BALANCER) out.dnsName = `${name}.${region}.elb.amazonaws.com`;
  if (type === QUEUE) out.url = mockQueueUrl(name, region);
  if (type === BUCKET) out.bucket = name;
  return out;
}
