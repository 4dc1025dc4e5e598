/*
 * A DynamoDB table replicated into the secondary region (replicate_to_secondary: a global table) in
 * both backends, on the global-table fixture: an AWS::DynamoDB::GlobalTable in the primary stack
 * (CDK TableV2) or aws.dynamodb.Table's replicas (Pulumi), the ordinary table beside it unchanged,
 * everything that consumes a table (task permissions, the connection's name, the backup selection)
 * still naming it, and what each backend's reader makes of it.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as yaml from 'js-yaml';
import { buildStack, templateOf } from '../src/cdk/synth';
import { design } from '../src/design';
import { loadBlueprint } from '../src/load';
import { compareBackends } from '../src/parity';
import { inventoryFromTemplate } from '../src/parity/cloudformation';
import { diffInventories } from '../src/parity/diff';
import type { TableInventory } from '../src/parity/inventory';
import { inventoryFromPulumi } from '../src/parity/pulumi';
import { runUnderMocks, type RegisteredResource } from '../src/pulumi/mock-run';
import { designOf, synth } from './support';

const FILE = 'synth-tests/fixtures/global-table.yaml';

type Resources = Record<string, { Type: string; Properties: Record<string, any>; DeletionPolicy?: string; UpdateReplacePolicy?: string }>;
const resourcesOf = (template: Record<string, unknown>) => template.Resources as Resources;
const copy = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

/** The fixture rewritten by `edit`, in a temporary file. */
function variant(edit: (doc: Record<string, any>) => void): string {
  const doc = yaml.load(readFileSync(FILE, 'utf8')) as Record<string, any>;
  edit(doc);
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'blueprint-global-table-')), 'global-table.yaml');
  writeFileSync(file, yaml.dump(doc));
  return file;
}

/** What both readers must read for the fixture's tables. */
const EXPECTED_TABLES: TableInventory[] = [
  {
    name: 'table:audit',
    // Items of 1 KB (item_kb left out); no growth known (no data_growth_gb_month).
    sizing: { 'item-kb': 1 },
    tableName: null,
    billing: 'PAY_PER_REQUEST',
    capacity: null,
    partitionKey: 'id:S',
    sortKey: null,
    indexes: [],
    ttlAttribute: null,
    stream: null,
    pointInTimeRecovery: true,
    deletionProtection: true,
    encryption: 'aws-managed',
    retain: true,
    replicaRegions: [],
    replicas: [],
  },
  {
    name: 'table:orders',
    sizing: { 'item-kb': 1 },
    // Fixed, so that a standby reaches the replica by name.
    tableName: 'global-table-orders',
    billing: 'PAY_PER_REQUEST',
    capacity: null,
    partitionKey: 'pk:S',
    sortKey: 'sk:S',
    indexes: [{ name: 'by-customer', partitionKey: 'customer:S', sortKey: 'created_at:N', projection: 'ALL', capacity: null }],
    ttlAttribute: 'expires_at',
    stream: 'NEW_AND_OLD_IMAGES',
    pointInTimeRecovery: true,
    deletionProtection: true,
    encryption: 'aws-managed',
    retain: true,
    replicaRegions: ['eu-central-1'],
    replicas: [{ region: 'eu-central-1', pointInTimeRecovery: true, deletionProtection: true, encryption: 'aws-managed' }],
  },
];

describe('CDK', () => {
  const { template, dr } = synth(FILE);
  const resources = resourcesOf(template);
  const idOf = (type: string, prefix: string) => Object.keys(resources).find((id) => resources[id].Type === type && id.startsWith(prefix))!;
  const orders = idOf('AWS::DynamoDB::GlobalTable', 'DataTableordersTable');
  const audit = idOf('AWS::DynamoDB::Table', 'DataTableauditTable');

  test('the replicated table is a GlobalTable of the primary stack; the other stays an AWS::DynamoDB::Table; the DR stack holds no table', () => {
    expect(orders).toMatch(/^DataTableordersTable[0-9A-F]{8}$/);
    expect(Object.values(resources).filter((r) => r.Type.startsWith('AWS::DynamoDB::')).map((r) => r.Type).sort()).toEqual(['AWS::DynamoDB::GlobalTable', 'AWS::DynamoDB::Table']);
    expect(Object.values(resourcesOf(dr!.template)).map((r) => r.Type)).toEqual(['AWS::Backup::BackupVault']);
  });

  test('on demand, AWS-managed KMS, a NEW_AND_OLD_IMAGES stream, the index and TTL, retained; each replica protected, recoverable and tagged', () => {
    const replica = (Region: string) => ({
      Region,
      DeletionProtectionEnabled: true,
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      GlobalSecondaryIndexes: [{ IndexName: 'by-customer' }],
      // The store's tag, and what the table is sized for (items of 1 KB), on every replica.
      Tags: [
        { Key: 'blueprint', Value: 'global-table' },
        { Key: 'blueprint:item-kb', Value: '1' },
        { Key: 'blueprint:store', Value: 'orders' },
      ],
    });
    expect(resources[orders]).toEqual({
      Type: 'AWS::DynamoDB::GlobalTable',
      Properties: {
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'S' },
          { AttributeName: 'customer', AttributeType: 'S' },
          { AttributeName: 'created_at', AttributeType: 'N' },
        ],
        BillingMode: 'PAY_PER_REQUEST',
        TableName: 'global-table-orders',
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: [
          {
            IndexName: 'by-customer',
            KeySchema: [
              { AttributeName: 'customer', KeyType: 'HASH' },
              { AttributeName: 'created_at', KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'ALL' },
          },
        ],
        Replicas: [replica('eu-central-1'), replica('eu-west-1')],
        SSESpecification: { SSEEnabled: true, SSEType: 'KMS' },
        StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
        TimeToLiveSpecification: { AttributeName: 'expires_at', Enabled: true },
      },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  test('what consumes a table names the GlobalTable: the task role, the connection, the backup selection', () => {
    const task = Object.values(resources).filter((r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties.PolicyDocument).includes(orders));
    expect(task).toHaveLength(1);
    expect(JSON.stringify(task[0].Properties.PolicyDocument)).toContain(JSON.stringify({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [orders, 'Arn'] }, '/index/*']] }));
    const container = Object.values(resources).find((r) => r.Type === 'AWS::ECS::TaskDefinition')!.Properties.ContainerDefinitions[0];
    expect(container.Environment).toContainEqual({ Name: 'ORDERS_TABLE', Value: { Ref: orders } });
    const selection = Object.values(resources).find((r) => r.Type === 'AWS::Backup::BackupSelection')!;
    expect(selection.Properties.BackupSelection.Resources).toEqual([{ 'Fn::GetAtt': [audit, 'Arn'] }, { 'Fn::GetAtt': [orders, 'Arn'] }]);
  });

  test('turning replication on keeps the logical ID and changes the type (CloudFormation refuses that update: no silent replacement); nothing else changes', () => {
    const off = resourcesOf(templateOf(buildStack(loadBlueprint(variant((doc) => delete doc.data.orders.replicate_to_secondary))).stack));
    expect(off[orders].Type).toBe('AWS::DynamoDB::Table');
    expect(Object.keys(off).sort()).toEqual(Object.keys(resources).sort());
    for (const id of Object.keys(off)) if (id !== orders) expect([id, resources[id]]).toEqual([id, off[id]]);
  });

  test('the CloudFormation reader reads the global table and its replica', () => {
    expect(inventoryFromTemplate(template, dr).tables).toEqual(EXPECTED_TABLES);
    const inv = inventoryFromTemplate(template, dr);
    expect(inv.backup?.selection).toEqual(['table:audit', 'table:orders']);
    expect(inv.services[0].permissions.flatMap((p) => p.resources)).toEqual(['table:orders', 'table:orders/index/*', 'table:audit']);
    expect(inv.services[0].environment).toContain('ORDERS_TABLE=table:orders');
  });

  test('the reader refuses a global table it cannot describe', () => {
    const broken = (edit: (p: Record<string, any>) => void) => {
      const t = copy(template);
      edit(resourcesOf(t)[orders].Properties);
      return () => inventoryFromTemplate(t, dr);
    };
    const where = `${orders} \\(AWS::DynamoDB::GlobalTable\\)`;
    expect(broken((p) => (p.WriteOnDemandThroughputSettings = { MaxWriteRequestUnits: 10 }))).toThrow(new RegExp(`${where}: WriteOnDemandThroughputSettings: not in the inventory of a global table`));
    expect(broken((p) => (p.BillingMode = 'PROVISIONED'))).toThrow(new RegExp(`${where} BillingMode: is "PROVISIONED"; the inventory reads global tables billed per request only`));
    expect(broken((p) => (p.Replicas[0].ContributorInsightsSpecification = { Enabled: true }))).toThrow(/Replicas\[0\]: ContributorInsightsSpecification: not in the inventory of a global table's replica/);
    expect(broken((p) => (p.Replicas[0].GlobalSecondaryIndexes[0].ContributorInsightsSpecification = { Enabled: true }))).toThrow(/has settings other than IndexName/);
    expect(broken((p) => p.Replicas.pop())).toThrow(/has 0 replicas in the stack's region eu-west-1; CloudFormation needs exactly one/);
    expect(broken((p) => (p.Replicas[0].Tags = p.Replicas[0].Tags.filter((t: { Key: string }) => t.Key !== 'blueprint:store')))).toThrow(/Replicas\[0\].Tags: has no "blueprint:store" tag/);
    expect(broken((p) => (p.Replicas[0].Tags.find((t: { Key: string }) => t.Key === 'blueprint:store').Value = 'audit'))).toThrow(/tagged as stores "audit" and "orders"/);
    expect(broken((p) => (p.Replicas[0].Tags.find((t: { Key: string }) => t.Key === 'blueprint:item-kb').Value = 'big'))).toThrow(/Replicas\[0\]\.Tags: tag blueprint:item-kb is "big", not a number/);
    expect(broken((p) => (p.Tags = [{ Key: 'blueprint:store', Value: 'orders' }]))).toThrow(/Tags: is not a property of a global table/);
  });

  test('the parity check names a replica setting that differs', () => {
    const t = copy(template);
    const p = resourcesOf(t)[orders].Properties;
    p.Replicas[0].DeletionProtectionEnabled = false;
    delete p.Replicas[0].PointInTimeRecoverySpecification;
    expect(diffInventories(inventoryFromTemplate(template, dr), inventoryFromTemplate(t, dr), ['cdk', 'pulumi'])).toEqual([
      'tables[table:orders].replicas[eu-central-1].deletionProtection: cdk true, pulumi false',
      'tables[table:orders].replicas[eu-central-1].pointInTimeRecovery: cdk true, pulumi false',
    ]);
  });

  test('with dr: none there is no disaster-recovery stack: the replica belongs to the primary stack\'s table', () => {
    const { stack, drStack } = buildStack(loadBlueprint(variant((doc) => (doc.resilience.dr = 'none'))));
    expect(drStack).toBeUndefined();
    expect(Object.values(resourcesOf(templateOf(stack))).filter((r) => r.Type === 'AWS::DynamoDB::GlobalTable')).toHaveLength(1);
  });
});

describe('Pulumi', () => {
  let g: RegisteredResource[];
  beforeAll(async () => {
    g = await runUnderMocks(designOf(FILE));
  });
  const one = (type: string, name: string) => g.find((x) => x.type === type && x.name === name) ?? (() => { throw new Error(`no ${type} ${name}`); })();

  test('the replicated table has a replica in eu-central-1 (recoverable, protected, tagged) and a NEW_AND_OLD_IMAGES stream; the other has neither', () => {
    const orders = one('aws:dynamodb/table:Table', 'global-table-table-orders');
    expect(orders.inputs).toMatchObject({
      billingMode: 'PAY_PER_REQUEST',
      streamEnabled: true,
      streamViewType: 'NEW_AND_OLD_IMAGES',
      serverSideEncryption: { enabled: true },
      pointInTimeRecovery: { enabled: true },
      deletionProtectionEnabled: true,
      ttl: { attributeName: 'expires_at', enabled: true },
      replicas: [{ regionName: 'eu-central-1', pointInTimeRecovery: true, deletionProtectionEnabled: true, propagateTags: true }],
    });
    expect(orders.provider).toBeUndefined();
    expect(orders.retainOnDelete).toBe(true);
    // Named as the design says, except that a table made global later keeps the name it had: no replacement.
    expect(orders.inputs.name).toBe('global-table-orders');
    expect(orders.ignoreChanges).toEqual(['name']);
    const audit = one('aws:dynamodb/table:Table', 'global-table-table-audit');
    expect(audit.inputs.name).toBeUndefined();
    expect(audit.ignoreChanges).toBeUndefined();
    expect(audit.inputs.replicas).toBeUndefined();
    expect(audit.inputs.streamEnabled).toBeUndefined();
  });

  test('the recovery provider holds the recovery vault only: the table resource manages its replica', () => {
    expect(g.filter((r) => r.provider).map((r) => `${r.type} ${r.name}`)).toEqual(['aws:backup/vault:Vault global-table-recovery-vault']);
  });

  test('the Pulumi reader reads what the CloudFormation reader reads', () => {
    expect(inventoryFromPulumi(g).tables).toEqual(EXPECTED_TABLES);
  });

  test('the parity check names a replica that differs, and the reader refuses what it cannot describe', () => {
    const { template, dr } = synth(FILE);
    const broken = (edit: (replica: Record<string, any>, table: RegisteredResource) => void) => {
      const graph = copy(g);
      const table = graph.find((r) => r.name === 'global-table-table-orders')!;
      edit((table.inputs.replicas as Record<string, any>[])[0], table);
      return graph;
    };
    const moved = broken((r) => {
      r.regionName = 'us-east-1';
      r.deletionProtectionEnabled = false;
    });
    expect(diffInventories(inventoryFromTemplate(template, dr), inventoryFromPulumi(moved), ['cdk', 'pulumi'])).toEqual([
      'tables[table:orders].replicaRegions: cdk ["eu-central-1"], pulumi ["us-east-1"]',
      'tables[table:orders].replicas[eu-central-1]: only in cdk',
      'tables[table:orders].replicas[us-east-1]: only in pulumi',
    ]);
    expect(() => inventoryFromPulumi(broken((r) => (r.propagateTags = false)))).toThrow("parity: the replica of table global-table-table-orders in eu-central-1 does not carry the store's tags (propagateTags)");
    expect(() => inventoryFromPulumi(broken((r) => (r.consistencyMode = 'STRONG')))).toThrow('parity: a replica of table global-table-table-orders sets consistencyMode, which the inventory does not read');
    expect(() => inventoryFromPulumi(broken((r) => (r.regionName = 'eu-west-1')))).toThrow('parity: table global-table-table-orders has a second replica in eu-west-1');
    expect(() => inventoryFromPulumi(broken((_, t) => (t.inputs.billingMode = 'PROVISIONED')))).toThrow(/provisioned global table/);
  });
});

test('both backends agree on the fixture and on its dr: none variant', async () => {
  for (const file of [FILE, variant((doc) => (doc.resilience.dr = 'none'))]) {
    const result = await compareBackends(loadBlueprint(file));
    expect(result.differences).toEqual([]);
    expect(result.cdk.tables.map((t) => `${t.name} ${t.replicaRegions.join(',')}`)).toEqual(['table:audit ', 'table:orders eu-central-1']);
  }
});

test('the design lists no table replica among what the secondary region holds', () => {
  const d = design(loadBlueprint(FILE).blueprint);
  expect(d.resilience.secondary).toEqual({ region: 'eu-central-1', recoveryVault: 'global-table-dr-backups', replicas: [] });
});
