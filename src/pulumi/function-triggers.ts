import * as aws from '@pulumi/aws';
import type * as pulumi from '@pulumi/pulumi';
import type { FunctionDesign } from '../design';
import type { RenderedStore } from './data';
import { fail } from '../fail';

/*
 * Function triggers (src/design/function-triggers.ts): a table's change stream as an event source mapping of the
 * function (`<prefix>-stream`), its failed batches described in the function's dead-letter queue (mirrors
 * src/cdk/function-triggers.ts).
 */

/** A table's stream ARN: what the role reads and the mapping polls. */
export function tableStreamArn(table: RenderedStore, key: string): pulumi.Output<string> {
  return table.streamArn ?? fail(`table ${key} has no stream (the design derives one for its consumers)`);
}

/** The event source mapping of the stream that invokes the function (`functionName`: its name, or its alias's ARN). */
export function streamMapping(
  name: string,
  d: FunctionDesign,
  args: { functionName: pulumi.Input<string>; table: RenderedStore; deadLetterArn: pulumi.Input<string>; policy: aws.iam.RolePolicy },
  parent: pulumi.Resource,
): aws.lambda.EventSourceMapping {
  const s = d.stream ?? fail(`function ${d.key} has no stream trigger`);
  // Lambda checks at creation that the role may read the stream and send to the queue: the policy comes first.
  return new aws.lambda.EventSourceMapping(
    name,
    {
      functionName: args.functionName,
      eventSourceArn: tableStreamArn(args.table, s.store),
      startingPosition: s.startingPosition,
      batchSize: s.batchSize,
      maximumBatchingWindowInSeconds: s.maximumBatchingWindowSeconds,
      parallelizationFactor: s.parallelizationFactor,
      bisectBatchOnFunctionError: s.bisectBatchOnFunctionError,
      maximumRetryAttempts: s.maximumRetryAttempts,
      maximumRecordAgeInSeconds: s.maximumRecordAgeSeconds,
      destinationConfig: { onFailure: { destinationArn: args.deadLetterArn } },
      functionResponseTypes: ['ReportBatchItemFailures'],
    },
    { parent, dependsOn: [args.policy] },
  );
}

/**
 * The EventBridge rule of the bucket whose created objects invoke the function (`<prefix>-objects`), its one target
 * (`<prefix>-objects-target`: the function, or its alias, with the design's retries) and the Lambda permission that
 * lets exactly that rule invoke it (`<prefix>-objects-permission`) (mirrors src/cdk/function-triggers.ts).
 */
export function bucketRule(name: string, d: FunctionDesign, args: { invokeArn: pulumi.Input<string>; bucket: RenderedStore }, parent: pulumi.Resource): aws.cloudwatch.EventRule {
  const b = d.bucketEvents ?? fail(`function ${d.key} has no bucket trigger`);
  const rule = new aws.cloudwatch.EventRule(
    name,
    {
      description: `Function ${d.key}: objects created in ${b.store}`,
      state: 'ENABLED',
      eventPattern: args.bucket.name.apply((bucket) =>
        JSON.stringify({ source: ['aws.s3'], 'detail-type': [b.detailType], detail: { bucket: { name: [bucket] }, ...(b.keyMatcher ? { object: { key: [b.keyMatcher] } } : {}) } }),
      ),
    },
    { parent },
  );
  new aws.cloudwatch.EventTarget(
    `${name}-target`,
    { rule: rule.name, targetId: 'function', arn: args.invokeArn, retryPolicy: { maximumRetryAttempts: b.maximumRetryAttempts, maximumEventAgeInSeconds: b.maximumEventAgeSeconds } },
    { parent },
  );
  new aws.lambda.Permission(`${name}-permission`, { action: 'lambda:InvokeFunction', function: args.invokeArn, principal: 'events.amazonaws.com', sourceArn: rule.arn }, { parent });
  return rule;
}
