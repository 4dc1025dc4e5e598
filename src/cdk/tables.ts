import { Duration, RemovalPolicy, aws_dynamodb as dynamodb } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { CapacityDesign, KeyAttribute, TableDesign } from '../design';
import { fail } from '../fail';
import { customerKey } from './key';

/*
 * DynamoDB tables: a classic AWS::DynamoDB::Table (on demand or provisioned
 * with autoscaling), or an AWS::DynamoDB::GlobalTable when the design
 * replicates it to the secondary region.
 */

const removal = (retain: boolean) => (retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY);


const ATTRIBUTE_TYPE: Record<KeyAttribute['type'], dynamodb.AttributeType> = {
  string: dynamodb.AttributeType.STRING,
  number: dynamodb.AttributeType.NUMBER,
  binary: dynamodb.AttributeType.BINARY,
};

const key = (a: KeyAttribute): dynamodb.Attribute => ({ name: a.name, type: ATTRIBUTE_TYPE[a.type] });

/** An index's keys and projection, as both Table and TableV2 take them. */
const indexProps = (i: TableDesign['indexes'][number]): dynamodb.GlobalSecondaryIndexPropsV2 => ({
  indexName: i.name,
  partitionKey: key(i.partitionKey),
  sortKey: i.sortKey && key(i.sortKey),
  projectionType: i.projection === 'all' ? dynamodb.ProjectionType.ALL : dynamodb.ProjectionType.KEYS_ONLY,
});

const STREAM: Record<NonNullable<TableDesign['stream']>, dynamodb.StreamViewType> = {
  'keys-only': dynamodb.StreamViewType.KEYS_ONLY,
  'new-image': dynamodb.StreamViewType.NEW_IMAGE,
  'old-image': dynamodb.StreamViewType.OLD_IMAGE,
  'new-and-old-images': dynamodb.StreamViewType.NEW_AND_OLD_IMAGES,
};

/**
 * On demand or provisioned (per design), encrypted with the AWS-managed DynamoDB key (SSE-KMS, alias
 * aws/dynamodb: key use is visible in CloudTrail), point-in-time recovery, deletion protection. A
 * classic AWS::DynamoDB::Table (dynamodb.Table), not TableV2's AWS::DynamoDB::GlobalTable: one
 * region, and the same resource the Pulumi provider's aws.dynamodb.Table manages. A replicated table
 * is a GlobalTable (globalTable, below); one that is not keeps this resource, unchanged.
 */
export function table(scope: Construct, d: TableDesign): dynamodb.Table {
  const provisioned = d.billing.mode === 'provisioned' ? d.billing : undefined;
  const table = new dynamodb.Table(scope, 'Table', {
    tableName: d.tableName,
    billingMode: provisioned ? dynamodb.BillingMode.PROVISIONED : dynamodb.BillingMode.PAY_PER_REQUEST,
    readCapacity: provisioned?.read.initial,
    writeCapacity: provisioned?.write.initial,
    partitionKey: key(d.partitionKey),
    sortKey: d.sortKey && key(d.sortKey),
    timeToLiveAttribute: d.ttlAttribute,
    stream: d.stream && STREAM[d.stream],
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: d.pointInTimeRecovery },
    deletionProtection: d.deletionProtection,
    ...(d.encryption === 'customer-managed' ? { encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED, encryptionKey: customerKey(scope, `table ${d.key}`) } : { encryption: dynamodb.TableEncryption.AWS_MANAGED }),
    removalPolicy: removal(d.retain),
  });
  for (const i of d.indexes) {
    table.addGlobalSecondaryIndex({ ...indexProps(i), readCapacity: i.capacity?.read.initial, writeCapacity: i.capacity?.write.initial });
  }
  // Target tracking on the table's and each index's read and write capacity. CDK's scalable targets
  // (ReadScaling, WriteScaling, <index>ReadScaling, <index>WriteScaling in the table's construct) use the
  // DynamoDB service-linked role, AWSServiceRoleForApplicationAutoScaling_DynamoDBTable, as Pulumi's do.
  if (provisioned) {
    autoscale(table.autoScaleReadCapacity(range(provisioned.read)), provisioned.read);
    autoscale(table.autoScaleWriteCapacity(range(provisioned.write)), provisioned.write);
  }
  for (const i of d.indexes) {
    if (!i.capacity) continue;
    autoscale(table.autoScaleGlobalSecondaryIndexReadCapacity(i.name, range(i.capacity.read)), i.capacity.read);
    autoscale(table.autoScaleGlobalSecondaryIndexWriteCapacity(i.name, range(i.capacity.write)), i.capacity.write);
  }
  return table;
}

/**
 * A replicated table: an AWS::DynamoDB::GlobalTable (dynamodb.TableV2) in the primary stack, which
 * creates and manages the replica in each of design.replicaRegions; CloudFormation has no resource in
 * the replica's region. On demand (checks refuse provisioned replicated tables), encrypted with each
 * region's AWS-managed key, streaming new and old images (replication runs on that stream). Point-in-
 * time recovery, deletion protection and the store's tags are per replica in a GlobalTable: the table's
 * own for the primary region's, the design's replica settings for the others. Same construct ID as a
 * table ("Table"), so the path still derives from the key; turning replication on changes the type,
 * which CloudFormation refuses as an update rather than replacing the table.
 */
export function globalTable(scope: Construct, d: TableDesign): dynamodb.TableV2 {
  const replica = d.replica ?? fail(`table ${d.key}: replicaRegions without the replica's settings`);
  if (d.billing.mode !== 'on-demand') fail(`table ${d.key}: a replicated table is on demand (checks refuse provisioned billing)`);
  if (replica.encryption !== d.encryption) fail(`table ${d.key}: a global table has one encryption setting for every replica`);
  return new dynamodb.TableV2(scope, 'Table', {
    // Fixed, so that a standby in another region reaches its replica by name.
    tableName: d.tableName,
    billing: dynamodb.Billing.onDemand(),
    partitionKey: key(d.partitionKey),
    sortKey: d.sortKey && key(d.sortKey),
    timeToLiveAttribute: d.ttlAttribute,
    dynamoStream: d.stream && STREAM[d.stream],
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: d.pointInTimeRecovery },
    deletionProtection: d.deletionProtection,
    encryption: d.encryption === 'aws-managed-kms' ? dynamodb.TableEncryptionV2.awsManagedKey() : fail(`table ${d.key}: customer-managed keys do not reach the replicas' regions (checks refuse it)`),
    globalSecondaryIndexes: d.indexes.map(indexProps),
    replicas: d.replicaRegions.map((region) => ({
      region,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: replica.pointInTimeRecovery },
      deletionProtection: replica.deletionProtection,
    })),
    removalPolicy: removal(d.retain),
  });
}

const range = (c: CapacityDesign): dynamodb.EnableScalingProps => ({ minCapacity: c.min, maxCapacity: c.max });

function autoscale(attribute: dynamodb.IScalableTableAttribute, c: CapacityDesign): void {
  attribute.scaleOnUtilization({
    targetUtilizationPercent: c.targetUtilizationPercent,
    scaleInCooldown: Duration.seconds(c.scaleInCooldownSeconds),
    scaleOutCooldown: Duration.seconds(c.scaleOutCooldownSeconds),
  });
}
