import { inventoryFromTemplate } from '../src/parity/cloudformation';
import { inventoryFromPulumi } from '../src/parity/pulumi';
import { runUnderMocks } from '../src/pulumi/mock-run';
import { BLUEPRINTS, FIXTURES, designOf, synth } from './support';

/*
 * Standard access logs of every CloudFront distribution (the sites', the API CDNs', the load balancer's): the
 * classic S3 delivery into the stack's access-log bucket, which then has ACLs enabled (BucketOwnerPreferred:
 * CloudFront delivers by an ACL grant), each distribution under logs/cloudfront/<name>/, cookies left out,
 * kept as long as every access log; AwsSolutions-CFR3 acknowledged nowhere.
 */

type Resources = Record<string, { Type: string; Properties: Record<string, any> }>; // eslint-disable-line @typescript-eslint/no-explicit-any
const ofType = (resources: Resources, type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
const logBucketOf = (resources: Resources) => ofType(resources, 'AWS::S3::Bucket').find(([, r]) => JSON.stringify(r.Properties.Tags ?? []).includes('"blueprint:logs"'))!;

describe.each([
  ['synth-tests/fixtures/static-site.yaml', { app: 'logs/cloudfront/app/', docs: 'logs/cloudfront/docs/', www: 'logs/cloudfront/www/' }],
  ['synth-tests/fixtures/api-cdn.yaml', { 'api-notes': 'logs/cloudfront/api-notes/' }],
  ['synth-tests/fixtures/lb-cdn.yaml', { 'load-balancer': 'logs/cloudfront/load-balancer/' }],
])('%s', (file, prefixes) => {
  const d = designOf(file);

  test('the design: every distribution logs under its prefix; the access-log bucket takes ACLs, owns every object, keeps the logs as long as the others', () => {
    const designed = [...(d.sites ?? []).map((s) => s.distribution.accessLogs?.prefix), ...d.apis.map((a) => a.cdn?.accessLogs?.prefix), d.loadBalancer?.cdn?.accessLogs?.prefix].filter(Boolean).sort();
    expect(designed).toEqual(Object.values(prefixes).sort());
    expect(d.accessLogs).toMatchObject({ objectOwnership: 'BucketOwnerPreferred', expireAfterDays: d.observability.logRetentionDays });
    expect(d.decisions.find((x) => x.subject === 'observability.access_logs' && x.name === 'object_ownership')?.value).toBe('BucketOwnerPreferred');
    expect(d.acknowledgements.filter((a) => a.rule === 'AwsSolutions-CFR3')).toEqual([]);
  });

  test('the template: Logging on each distribution, to the access-log bucket by its regional name; the bucket BucketOwnerPreferred, public access blocked', () => {
    const resources = synth(file).template.Resources as Resources;
    const [logId, bucket] = logBucketOf(resources);
    expect(bucket.Properties.OwnershipControls).toEqual({ Rules: [{ ObjectOwnership: 'BucketOwnerPreferred' }] });
    expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
    const logging = ofType(resources, 'AWS::CloudFront::Distribution').map(([, r]) => r.Properties.DistributionConfig.Logging);
    expect(logging.map((l) => l.Prefix).sort()).toEqual(Object.values(prefixes).sort());
    for (const l of logging) expect(l).toEqual({ Bucket: { 'Fn::GetAtt': [logId, 'RegionalDomainName'] }, Prefix: expect.any(String) });
  });

  test('the Pulumi program: loggingConfig to the same bucket, cookies left out; its ownership controls BucketOwnerPreferred', async () => {
    const g = await runUnderMocks(d);
    const configs = g.filter((r) => r.type === 'aws:cloudfront/distribution:Distribution').map((r) => r.inputs.loggingConfig as { bucket: string; prefix: string; includeCookies: boolean });
    expect(configs.map((c) => c.prefix).sort()).toEqual(Object.values(prefixes).sort());
    for (const c of configs) expect(c).toEqual({ bucket: `${d.name}-access-logs.s3.us-east-1.amazonaws.com`, prefix: expect.any(String), includeCookies: false });
    const ownership = g.find((r) => r.type === 'aws:s3/bucketOwnershipControls:BucketOwnershipControls' && r.name === `${d.name}-access-logs-ownership`)!;
    expect(ownership.inputs.rule).toEqual({ objectOwnership: 'BucketOwnerPreferred' });
  });
});

describe('what the readers refuse of a distribution\'s logs', () => {
  const file = 'synth-tests/fixtures/lb-cdn.yaml';

  test('the template reader: cookies logged, a bucket named by other than its regional name', () => {
    const read = (change: (l: Record<string, unknown>) => void) => () => {
      const t = JSON.parse(JSON.stringify(synth(file).template)) as { Resources: Resources };
      change(ofType(t.Resources, 'AWS::CloudFront::Distribution')[0][1].Properties.DistributionConfig.Logging);
      return inventoryFromTemplate(t);
    };
    expect(read(() => undefined)).not.toThrow();
    expect(read((l) => (l.IncludeCookies = true))).toThrow(/logs cookies: not in the inventory/);
    expect(read((l) => ((l.Bucket as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][1] = 'DomainName'))).toThrow(/other than its RegionalDomainName/);
  });

  test('the Pulumi reader: cookies logged, a bucket the run does not have', async () => {
    const g = await runUnderMocks(designOf(file));
    const dist = g.find((r) => r.type === 'aws:cloudfront/distribution:Distribution')!;
    const read = (change: (l: Record<string, unknown>) => void) => () => {
      const copy = JSON.parse(JSON.stringify(dist));
      change(copy.inputs.loggingConfig);
      return inventoryFromPulumi(g.map((r) => (r === dist ? copy : r)));
    };
    expect(read(() => undefined)).not.toThrow();
    expect(read((l) => (l.includeCookies = true))).toThrow(/logs cookies/);
    expect(read((l) => (l.bucket = 'elsewhere.s3.us-east-1.amazonaws.com'))).toThrow(/the log bucket of/);
  });
});

test('no blueprint or fixture acknowledges AwsSolutions-CFR3: every distribution logs', () => {
  for (const file of [...BLUEPRINTS, ...FIXTURES]) expect([file, designOf(file).acknowledgements.filter((a) => a.rule === 'AwsSolutions-CFR3')]).toEqual([file, []]);
});
