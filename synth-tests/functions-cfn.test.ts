import { inventoryFromTemplate } from '../src/parity/cloudformation';
import type { FunctionInventory, Inventory } from '../src/parity/inventory';
import { cfnInventory, synth } from './support';
import { underEveryProfile } from './support/profiles';

/*
 * The functions fixture's CloudFormation inventory, fact by fact: each function read back from its
 * "blueprint:function" tag with its trigger (the queue it consumes, or its schedule), its role's
 * permissions named by what they reach, its own log group, dead-letter queue and security group; and
 * what the reader refuses rather than pass unseen. parity-cfn.test.ts compares every field with the design.
 */

const FILE = 'synth-tests/fixtures/functions.yaml';

type Resources = Record<string, { Type: string; Properties: Record<string, unknown>; DependsOn?: unknown }>;

let inv: Inventory;
const fn = (key: string): FunctionInventory => inv.functions.find((f) => f.key === key)!;
beforeAll(() => {
  inv = cfnInventory(FILE);
});

test('the three functions, by their key; the service stays a service and no schedule is read as a job', () => {
  expect(inv.functions.map((f) => f.key)).toEqual(['expire', 'ledger', 'thumbnail']);
  expect(inv.services.map((s) => s.key)).toEqual(['web']);
  expect(inv.jobs).toEqual([]);
});

describe('thumbnail: consumes uploads', () => {
  test('its queue trigger: queue:uploads, batches of 10, failures per message, at most 120 at once', () => {
    expect(fn('thumbnail').queue).toEqual({ source: 'queue:uploads', invokes: 'function:thumbnail', batchSize: 10, maximumBatchingWindowSeconds: 0, functionResponseTypes: ['ReportBatchItemFailures'], maximumConcurrency: 120 });
    expect(fn('thumbnail').schedule).toBeNull();
  });

  test('its size: 2048 MB, 10 s (the queue\'s 60 s visibility / 6), 120 reserved, arm64, Node.js, traced; sized for 120/s of 800 ms', () => {
    const f = fn('thumbnail');
    expect({ runtime: f.runtime, handler: f.handler, architecture: f.architecture, memoryMb: f.memoryMb, timeoutSeconds: f.timeoutSeconds, reservedConcurrency: f.reservedConcurrency, tracing: f.tracing }).toEqual({
      runtime: 'nodejs24.x',
      handler: 'index.handler',
      architecture: 'arm64',
      memoryMb: 2048,
      timeoutSeconds: 10,
      reservedConcurrency: 120,
      tracing: 'Active',
    });
    expect(f.sizing).toEqual({ 'peak-rps': 120, 'duration-ms': 800 });
  });

  test('its environment names the stores it uses; outside the VPC', () => {
    expect(fn('thumbnail').environment).toEqual(['IMAGES_BUCKET=bucket:images', 'THUMBNAILS_TABLE=table:thumbnails', 'UPLOADS_QUEUE_URL=queue:uploads']);
    expect(fn('thumbnail').vpc).toBeNull();
  });

  test('its role: its log group, its traces, its dead-letter queue, the bucket and its objects, the table, the queue it consumes', () => {
    const byResources = Object.fromEntries(fn('thumbnail').permissions.map((p) => [p.resources.join(' '), p.actions]));
    expect(Object.keys(byResources).sort()).toEqual(['*', 'bucket:images bucket:images/*', 'log-group:function:thumbnail', 'queue:function:thumbnail/dead-letter', 'queue:uploads', 'table:thumbnails']);
    expect(byResources['log-group:function:thumbnail']).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
    expect(byResources['*']).toEqual(['xray:PutTelemetryRecords', 'xray:PutTraceSegments']);
    expect(byResources['queue:function:thumbnail/dead-letter']).toEqual(['sqs:SendMessage']);
    expect(byResources['queue:uploads']).toContain('sqs:ReceiveMessage');
    expect(fn('thumbnail').permissions.every((p) => p.effect === 'Allow')).toBe(true);
  });
});

describe('ledger: consumes payments, inside the VPC for the database', () => {
  test('in the private subnets with a security group of its own, open outbound', () => {
    expect(fn('ledger').vpc).toEqual({ subnets: { tier: 'private', count: 2 }, egress: ['0.0.0.0/0:all'] });
  });

  test("the database admits it on its port, by the function's security group", () => {
    expect(inv.databases.find((db) => db.name === 'database:accounts')!.ingress).toEqual(['function:ledger:5432']);
  });

  test("it reads the database's secret itself: its ARN in the environment, GetSecretValue on it; the network interfaces on *", () => {
    const f = fn('ledger');
    expect(f.environment).toEqual(['ACCOUNTS_DATABASE=accounts', 'ACCOUNTS_HOST=database:accounts', 'ACCOUNTS_PORT=5432', 'ACCOUNTS_SECRET_ARN=secret:database:accounts', 'PAYMENTS_QUEUE_URL=queue:payments']);
    expect(f.permissions).toContainEqual({ effect: 'Allow', actions: ['secretsmanager:GetSecretValue'], resources: ['secret:database:accounts'] });
    expect(f.permissions).toContainEqual({
      effect: 'Allow',
      actions: ['ec2:AssignPrivateIpAddresses', 'ec2:CreateNetworkInterface', 'ec2:DeleteNetworkInterface', 'ec2:DescribeNetworkInterfaces', 'ec2:DescribeSubnets', 'ec2:UnassignPrivateIpAddresses'],
      resources: ['*'],
    });
  });

  test('its trigger: payments, at most its 25 reserved at once', () => {
    expect(fn('ledger').queue).toEqual({ source: 'queue:payments', invokes: 'function:ledger', batchSize: 10, maximumBatchingWindowSeconds: 0, functionResponseTypes: ['ReportBatchItemFailures'], maximumConcurrency: 25 });
    expect(fn('ledger').reservedConcurrency).toBe(25);
  });
});

describe('expire: on a schedule', () => {
  test('rate(1 hour) in UTC, no flexible window, in the stack\'s schedule group, retried twice within an hour', () => {
    const { schedulerPermissions, ...schedule } = fn('expire').schedule!;
    expect(schedule).toEqual({
      expression: 'rate(1 hour)',
      timezone: 'UTC',
      flexibleWindow: 'OFF',
      state: 'ENABLED',
      maximumRetries: 2,
      maximumEventAgeSeconds: 3600,
      group: 'schedule-group:functions',
      invokes: 'function:expire',
      description: 'Function expire',
    });
    expect(fn('expire').queue).toBeNull();
  });

  test('the scheduler may invoke this function, and nothing else', () => {
    expect(fn('expire').schedule!.schedulerPermissions).toEqual([{ effect: 'Allow', actions: ['lambda:InvokeFunction'], resources: ['function:expire'] }]);
  });

  test('its runtime and handler as written, one run at a time, its plain variable beside its table', () => {
    const f = fn('expire');
    expect([f.runtime, f.handler, f.reservedConcurrency, f.timeoutSeconds]).toEqual(['python3.14', 'main.handler', 1, 60]);
    expect(f.environment).toEqual(['MAX_AGE_DAYS=30', 'THUMBNAILS_TABLE=table:thumbnails']);
    expect(f.sizing).toEqual({ 'duration-ms': 1000 });
  });
});

test('every function: two asynchronous retries within 6 hours on $LATEST, its own log group and dead-letter queue', () => {
  for (const f of inv.functions) {
    expect(f.asyncRetries).toEqual({ qualifier: '$LATEST', maximumRetryAttempts: 2, maximumEventAgeSeconds: 21600 });
    expect(f.deadLetter).toBe(`queue:function:${f.key}/dead-letter`);
    expect(f.logRetentionDays).toBe(90);
  }
  expect(inv.logGroups.filter((lg) => lg.owner.startsWith('function:'))).toEqual(
    ['expire', 'ledger', 'thumbnail'].map((key) => ({ owner: `function:${key}`, retentionDays: 90, kmsKey: null })),
  );
  // The dead-letter queues are queues of their own: 14 days, SSE-SQS, TLS only, no dead-letter queue of theirs.
  expect(inv.queues.filter((q) => q.name.startsWith('queue:function:'))).toEqual(
    ['expire', 'ledger', 'thumbnail'].map((key) => ({
      name: `queue:function:${key}/dead-letter`,
      sizing: {},
      fifo: false,
      retentionSeconds: 1209600,
      visibilityTimeoutSeconds: 30,
      encryption: 'sqs-managed',
      dataKeyReuseSeconds: null,
      tlsOnly: true,
      deadLetter: null,
      retain: false,
    })),
  );
});

test('under every compliance profile: each function in the VPC, its dead-letter queue and log group under the stack\'s key', () => {
  const p = cfnInventory(underEveryProfile(FILE));
  expect(p.functions.map((f) => [f.key, f.vpc?.subnets])).toEqual(['expire', 'ledger', 'thumbnail'].map((key) => [key, { tier: 'private', count: 2 }]));
  expect(p.queues.filter((q) => q.name.startsWith('queue:function:')).map((q) => q.encryption)).toEqual(['key', 'key', 'key']);
  expect(p.logGroups.filter((lg) => lg.owner.startsWith('function:')).map((lg) => lg.kmsKey)).toEqual(['key', 'key', 'key']);
  for (const f of p.functions) expect(f.permissions.some((s) => s.resources.length === 1 && s.resources[0] === 'key')).toBe(true);
});

describe('what the reader refuses rather than pass unseen', () => {
  /** The fixture's resources, deep-copied, and a function's resources found by its tag and references, never by logical ID. */
  const broken = () => {
    const { template } = synth(FILE);
    const resources = JSON.parse(JSON.stringify(template.Resources)) as Resources;
    const ofType = (type: string) => Object.keys(resources).filter((id) => resources[id].Type === type);
    const tags = (id: string) => (resources[id].Properties.Tags ?? []) as { Key: string; Value: string }[];
    const fnId = (key: string) => ofType('AWS::Lambda::Function').find((id) => tags(id).some((t) => t.Key === 'blueprint:function' && t.Value === key))!;
    const refs = (v: unknown, id: string) => JSON.stringify(v).includes(`"${id}"`);
    const of = (type: string, key: string) => ofType(type).find((id) => refs(resources[id].Properties.FunctionName ?? resources[id].Properties.Target, fnId(key)))!;
    const read = () => inventoryFromTemplate({ ...template, Resources: resources });
    return { resources, ofType, tags, fnId, of, read };
  };

  test('a function without its "blueprint:function" tag (and no custom resource it backs)', () => {
    const b = broken();
    const id = b.fnId('thumbnail');
    b.resources[id].Properties.Tags = b.tags(id).filter((t) => t.Key !== 'blueprint:function');
    expect(b.read).toThrow(new RegExp(`${id} \\(AWS::Lambda::Function\\): is neither the provider of a Custom::VpcRestrictDefaultSG, Custom::AWS or Custom::CDKBucketDeployment nor tagged "blueprint:function"`));
  });

  test('two functions with one key, and a custom-resource provider tagged as a function', () => {
    const b = broken();
    const id = b.fnId('expire');
    b.resources[id].Properties.Tags = b.tags(id).map((t) => (t.Key === 'blueprint:function' ? { ...t, Value: 'thumbnail' } : t));
    expect(b.read).toThrow(/has the function key "thumbnail" of/);
    const c = broken();
    const provider = c.ofType('AWS::Lambda::Function').find((x) => !c.tags(x).some((t) => t.Key === 'blueprint:function'))!;
    c.resources[provider].Properties.Tags = [{ Key: 'blueprint:function', Value: 'restrict' }];
    expect(c.read).toThrow(new RegExp(`${provider} \\(AWS::Lambda::Function\\): backs a custom resource, yet is tagged "blueprint:function"`));
  });

  test('a function property the inventory does not read (layers, an image half-written, inline code, log levels, IPv6)', () => {
    const cases: [(p: Record<string, any>) => void, RegExp][] = [
      [(p) => (p.Layers = ['arn:aws:lambda:us-east-1:123456789012:layer:x:1']), /Layers: not in the inventory of a function/],
      // An image function names its image, and has no code in S3 (container images are read: functions[].image).
      [(p) => (p.PackageType = 'Image'), /Code\.ImageUri.*is missing; an image function names its image/],
      [(p) => (p.Code = { ...p.Code, ImageUri: '123456789012.dkr.ecr.us-east-1.amazonaws.com/x:1' }), /Code\.ImageUri.*is set on a Zip function/],
      [(p) => (p.Code = { ZipFile: 'exports.handler = async () => {}' }), /Code: ZipFile: not in the inventory/],
      [(p) => (p.LoggingConfig = { ...p.LoggingConfig, ApplicationLogLevel: 'DEBUG' }), /LoggingConfig: ApplicationLogLevel: not in the inventory/],
      [(p) => (p.VpcConfig = { ...p.VpcConfig, Ipv6AllowedForDualStack: true }), /VpcConfig: Ipv6AllowedForDualStack: not in the inventory/],
    ];
    for (const [change, error] of cases) {
      const b = broken();
      change(b.resources[b.fnId('ledger')].Properties);
      expect(b.read).toThrow(error);
    }
  });

  test('an event source mapping with a filter, a second one, or on anything but a queue', () => {
    const b = broken();
    b.resources[b.of('AWS::Lambda::EventSourceMapping', 'thumbnail')].Properties.FilterCriteria = { Filters: [{ Pattern: '{}' }] };
    expect(b.read).toThrow(/FilterCriteria: not in the inventory of an event source mapping/);
    const c = broken();
    const mapping = c.of('AWS::Lambda::EventSourceMapping', 'thumbnail');
    c.resources.SecondMapping = JSON.parse(JSON.stringify(c.resources[mapping]));
    expect(c.read).toThrow(/SecondMapping \(AWS::Lambda::EventSourceMapping\): is a second event source mapping of function thumbnail/);
    const d = broken();
    const table = d.ofType('AWS::DynamoDB::Table')[0];
    d.resources[d.of('AWS::Lambda::EventSourceMapping', 'thumbnail')].Properties.EventSourceArn = { 'Fn::GetAtt': [table, 'Arn'] };
    expect(d.read).toThrow(/EventSourceArn: is table:thumbnails; the inventory reads mappings of a queue only/);
  });

  test("asynchronous invocation destinations; a schedule's input, or a schedule of a custom-resource provider", () => {
    const b = broken();
    b.resources[b.of('AWS::Lambda::EventInvokeConfig', 'expire')].Properties.DestinationConfig = { OnFailure: { Destination: 'arn:aws:sqs:us-east-1:123456789012:x' } };
    expect(b.read).toThrow(/DestinationConfig: not in the inventory of an event invoke config/);
    const c = broken();
    (c.resources[c.of('AWS::Scheduler::Schedule', 'expire')].Properties.Target as Record<string, unknown>).Input = '{}';
    expect(c.read).toThrow(/Target: Input: not in the inventory/);
    const d = broken();
    const provider = d.ofType('AWS::Lambda::Function').find((x) => !d.tags(x).some((t) => t.Key === 'blueprint:function'))!;
    const schedule = d.of('AWS::Scheduler::Schedule', 'expire');
    (d.resources[schedule].Properties.Target as Record<string, unknown>).Arn = { 'Fn::GetAtt': [provider, 'Arn'] };
    expect(d.read).toThrow(new RegExp(`${schedule} \\(AWS::Scheduler::Schedule\\) Target.Arn: invokes ${provider}, a custom-resource provider`));
  });

  test("the scheduler's role on anything but a function's ARN; the function's role on a literal ARN", () => {
    const b = broken();
    const policy = b.ofType('AWS::IAM::Policy').find((id) => JSON.stringify(b.resources[id].Properties.PolicyDocument).includes('lambda:InvokeFunction'))!;
    (b.resources[policy].Properties.PolicyDocument as { Statement: { Resource: unknown }[] }).Statement[0].Resource = '*';
    expect(b.read).toThrow(new RegExp(`${policy} \\(AWS::IAM::Policy\\) PolicyDocument.Statement\\[0\\].Resource\\[0\\]: expected a reference to AWS::Lambda::Function`));
    const c = broken();
    const access = c.ofType('AWS::IAM::Policy').find((id) => JSON.stringify(c.resources[id].Properties.PolicyDocument).includes('xray:PutTraceSegments'))!;
    (c.resources[access].Properties.PolicyDocument as { Statement: { Resource: unknown }[] }).Statement[0].Resource = 'arn:aws:logs:us-east-1:123456789012:log-group:other';
    expect(c.read).toThrow(new RegExp(`${access} \\(AWS::IAM::Policy\\) PolicyDocument.Statement\\[0\\].Resource\\[0\\]: .* is not a data store's ARN`));
  });

  test("a function's security group that admits anything; its dead-letter queue tagged as a store", () => {
    const b = broken();
    const sg = JSON.stringify((b.resources[b.fnId('ledger')].Properties.VpcConfig as { SecurityGroupIds: unknown[] }).SecurityGroupIds[0]);
    const group = JSON.parse(sg)['Fn::GetAtt'][0] as string;
    b.resources[group].Properties.SecurityGroupIngress = [{ CidrIp: '10.0.0.0/16', IpProtocol: 'tcp', FromPort: 443, ToPort: 443 }];
    expect(b.read).toThrow(/VpcConfig.SecurityGroupIds: admit 10.0.0.0\/16:443; nothing connects to a function/);
    const c = broken();
    const dlq = (c.resources[c.fnId('thumbnail')].Properties.DeadLetterConfig as { TargetArn: { 'Fn::GetAtt': [string, string] } }).TargetArn['Fn::GetAtt'][0];
    c.resources[dlq].Properties.Tags = [...c.tags(dlq), { Key: 'blueprint:store', Value: 'uploads' }];
    expect(c.read).toThrow(new RegExp(`${dlq} \\(AWS::SQS::Queue\\): is the dead-letter queue of function thumbnail but is tagged as store "uploads"`));
  });
});
