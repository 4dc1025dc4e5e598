/*
 * Edits never replace a stateful resource: for every blueprint and fixture, a
 * variant with its services and stores in reverse order, plus a new service
 * (sorted first) that uses a new bucket and every existing store, must keep
 * every stateful resource's CDK logical ID and Pulumi name, and its
 * definition. A changed logical ID or name would make CloudFormation
 * or Pulumi create a new, empty store and delete the old one. One thing
 * may change, in place: a table's request-rate tags, since the new service
 * really does read and write every table.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as yaml from 'js-yaml';
import { buildStack, templateOf } from '../src/cdk/synth';
import { loadBlueprint } from '../src/load';
import { runUnderMocks } from '../src/pulumi/mock-run';
import { BLUEPRINTS, FIXTURES, designOf, synth } from './support';
import { flattened } from './support/profiles';

/** CloudFormation types that hold data, or whose replacement loses it (a secret's generated token, a vault's recovery points). */
const STATEFUL_CFN = [
  'AWS::S3::Bucket',
  'AWS::DynamoDB::Table',
  'AWS::DynamoDB::GlobalTable',
  'AWS::SQS::Queue',
  'AWS::SNS::Topic',
  'AWS::RDS::DBCluster',
  'AWS::RDS::DBInstance',
  'AWS::RDS::GlobalCluster',
  'AWS::ElastiCache::ReplicationGroup',
  'AWS::SecretsManager::Secret',
  'AWS::Backup::BackupVault',
];
const STATEFUL_PULUMI = [
  'aws:s3/bucket:Bucket',
  'aws:dynamodb/table:Table',
  'aws:sqs/queue:Queue',
  'aws:sns/topic:Topic',
  'aws:rds/cluster:Cluster',
  'aws:rds/instance:Instance',
  'aws:rds/clusterInstance:ClusterInstance',
  'aws:rds/globalCluster:GlobalCluster',
  'aws:elasticache/replicationGroup:ReplicationGroup',
  'aws:secretsmanager/secret:Secret',
  'random:index/randomPassword:RandomPassword',
  'aws:backup/vault:Vault',
  // A user pool's users, passwords and MFA devices cannot be recreated.
  'aws:cognito/userPool:UserPool',
];

type Doc = { services: Record<string, Record<string, unknown>>; data?: Record<string, Record<string, unknown>> };

/** Tags that follow a table's users (src/design/table-load.ts), updated in place. */
const FOLLOW_USERS = ['blueprint:peak-reads-per-second', 'blueprint:peak-writes-per-second'];
/** The resource without those tags, wherever they are (CloudFormation's Key/Value lists, Pulumi's tag maps). */
function withoutUserTags(x: unknown): unknown {
  if (Array.isArray(x)) return x.filter((t) => !FOLLOW_USERS.includes((t as { Key?: string })?.Key ?? '')).map(withoutUserTags);
  if (x === null || typeof x !== 'object') return x;
  return Object.fromEntries(Object.entries(x).filter(([k]) => !FOLLOW_USERS.includes(k)).map(([k, v]) => [k, withoutUserTags(v)]));
}

const reversed = <V>(o: Record<string, V>): Record<string, V> => Object.fromEntries(Object.entries(o).reverse());

/** The blueprint with services and stores reversed, and a new service that uses a new bucket and every existing store. */
function variantOf(file: string, dir: string): string {
  // A fork is written out whole (its code paths absolute): the variant is written elsewhere.
  const doc = flattened(file) as Doc;
  const data = doc.data ?? {};
  // The new bucket declares its share of the growth, so the others' shares (split evenly over the stores that
  // declare none) stay as they were: an undeclared one would take part of the split and move their sizing.
  const added: Record<string, Record<string, unknown>> = { 'aa-added-files': { engine: 's3', growth_gb_month: 0 } };
  // Read-only on queues: a new sender would add its requests to a queue's rate, which is a change of design, not an edit to shrug off.
  const uses = ['aa-added-files', ...Object.entries(data).map(([k, v]) => ((v as { engine?: string }).engine === 'sqs' ? `${k}:read` : k))];
  doc.services = { 'aa-added': { image: 'public.ecr.aws/nginx/nginx:1.27', uses }, ...reversed(doc.services) };
  doc.data = { ...added, ...reversed(data) };
  const out = path.join(dir, path.basename(file));
  writeFileSync(out, yaml.dump(doc, { noRefs: true }));
  return out;
}

const dir = mkdtempSync(path.join(tmpdir(), 'blueprint-stability-'));

describe.each([...BLUEPRINTS, ...FIXTURES])('%s', (file) => {
  const variant = variantOf(file, dir);

  test('the variant reorders services and stores and adds one of each', () => {
    const before = flattened(file) as Doc;
    const after = yaml.load(readFileSync(variant, 'utf8')) as Doc;
    expect(Object.keys(after.services)).toEqual(['aa-added', ...Object.keys(before.services).reverse()]);
    expect(Object.keys(after.data!)).toEqual(['aa-added-files', ...Object.keys(before.data ?? {}).reverse()]);
  });

  test('CDK: every stateful resource keeps its logical ID and its definition', () => {
    const pick = (t: Record<string, unknown>) =>
      Object.fromEntries(Object.entries(t.Resources as Record<string, { Type: string }>).filter(([, r]) => STATEFUL_CFN.includes(r.Type)).map(([id, r]) => [id, withoutUserTags(r)]));
    const before = pick(synth(file).template);
    const built = buildStack(loadBlueprint(variant));
    const after = pick(templateOf(built.stack));
    for (const [id, r] of Object.entries(before)) expect({ id, resource: after[id] }).toEqual({ id, resource: r });
    // The disaster-recovery stack's too (its recovery vault and bucket replicas), and the standby's (its secondary clusters, queues, ...).
    const { dr, standby } = synth(file);
    if (dr) {
      const drAfter = pick(templateOf(built.drStack!));
      for (const [id, r] of Object.entries(pick(dr.template))) expect({ id, resource: drAfter[id] }).toEqual({ id, resource: r });
    }
    if (standby) {
      const standbyAfter = pick(templateOf(built.standbyStack!));
      for (const [id, r] of Object.entries(pick(standby.template))) expect({ id, resource: standbyAfter[id] }).toEqual({ id, resource: r });
    }
  });

  test('Pulumi: every stateful resource keeps its name and its inputs', async () => {
    const pick = async (f: string) =>
      new Map((await runUnderMocks(designOf(f))).filter((r) => STATEFUL_PULUMI.includes(r.type)).map((r) => [`${r.type} ${r.name}`, withoutUserTags(r)]));
    const before = await pick(file);
    const after = await pick(variant);
    for (const [name, r] of before) expect({ name, resource: after.get(name) }).toEqual({ name, resource: r });
  });
});
