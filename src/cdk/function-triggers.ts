import { aws_events as events, aws_lambda as lambda, type aws_iam as iam, type aws_sqs as sqs } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { FunctionDesign } from '../design';
import type { DataStore } from './data';
import { fail } from '../fail';

/*
 * Function triggers (src/design/function-triggers.ts): a table's change stream as an event source mapping of the
 * function (`Stream`, L1, every setting the design's), its failed batches described in the function's dead-letter queue.
 */

/** A table's stream ARN (its StreamArn attribute): what the role reads and the mapping polls. */
export function tableStreamArn(s: DataStore): string {
  if (s.kind !== 'table') return fail(`store ${s.design.key} is a ${s.kind}, not a table: it has no stream`);
  return s.resource.tableStreamArn ?? fail(`table ${s.design.key} has no stream (the design derives one for its consumers)`);
}

/** The event source mapping of the stream that invokes the function (`functionName`: its name, or its alias's ARN). */
export function streamMapping(
  scope: Construct,
  d: FunctionDesign,
  props: { functionName: string; table: DataStore; deadLetter: sqs.IQueue; access: iam.Policy },
): lambda.CfnEventSourceMapping {
  const s = d.stream ?? fail(`function ${d.key} has no stream trigger`);
  const mapping = new lambda.CfnEventSourceMapping(scope, 'Stream', {
    functionName: props.functionName,
    eventSourceArn: tableStreamArn(props.table),
    startingPosition: s.startingPosition,
    batchSize: s.batchSize,
    maximumBatchingWindowInSeconds: s.maximumBatchingWindowSeconds,
    parallelizationFactor: s.parallelizationFactor,
    bisectBatchOnFunctionError: s.bisectBatchOnFunctionError,
    maximumRetryAttempts: s.maximumRetryAttempts,
    maximumRecordAgeInSeconds: s.maximumRecordAgeSeconds,
    destinationConfig: { onFailure: { destination: props.deadLetter.queueArn } },
    functionResponseTypes: ['ReportBatchItemFailures'],
  });
  // Lambda checks at creation that the role may read the stream and send to the queue.
  mapping.node.addDependency(props.access);
  return mapping;
}

/**
 * The EventBridge rule of the bucket whose created objects invoke the function (`Objects`): the design's event
 * pattern (source aws.s3, its detail type, the bucket's name, the key's prefix and suffix) and one target, the
 * function (`invokeArn`: its ARN, or its alias's) with the design's retries; and the Lambda permission
 * (`ObjectsPermission`) that lets exactly that rule invoke it.
 */
export function bucketRule(scope: Construct, d: FunctionDesign, props: { invokeArn: string; bucket: DataStore }): { rule: events.CfnRule; permission: lambda.CfnPermission } {
  const b = d.bucketEvents ?? fail(`function ${d.key} has no bucket trigger`);
  if (props.bucket.kind !== 'bucket') fail(`store ${b.store} is a ${props.bucket.kind}, not a bucket`);
  const rule = new events.CfnRule(scope, 'Objects', {
    description: `Function ${d.key}: objects created in ${b.store}`,
    state: 'ENABLED',
    eventPattern: {
      source: ['aws.s3'],
      'detail-type': [b.detailType],
      detail: { bucket: { name: [props.bucket.resource.bucketName] }, ...(b.keyMatcher ? { object: { key: [b.keyMatcher] } } : {}) },
    },
    targets: [{ id: 'function', arn: props.invokeArn, retryPolicy: { maximumRetryAttempts: b.maximumRetryAttempts, maximumEventAgeInSeconds: b.maximumEventAgeSeconds } }],
  });
  const permission = new lambda.CfnPermission(scope, 'ObjectsPermission', {
    action: 'lambda:InvokeFunction',
    functionName: props.invokeArn,
    principal: 'events.amazonaws.com',
    sourceArn: rule.attrArn,
  });
  return { rule, permission };
}
