import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import type { WafRuleDesign, WebAclDesign } from '../design';
import { logGroup } from './retention';
import { fail } from '../fail';

/**
 * Step 5, security: the WAFv2 web ACL of the design and its associations with the load balancer and the GraphQL APIs, and its
 * request logs when the design logs them: a log group of the design's name (encrypted with the stack's
 * key when there is one) and the logging configuration, the headers redacted (mirrors src/cdk/security.ts).
 */
export class Security extends pulumi.ComponentResource {
  readonly webAcl: aws.wafv2.WebAcl;

  constructor(
    name: string,
    args: {
      design: WebAclDesign;
      loadBalancerArn?: pulumi.Input<string>;
      /** The GraphQL APIs' ARNs by key: the ACL is associated with each of design.graphqlApis. */
      graphqlApiArns?: ReadonlyMap<string, pulumi.Input<string>>;
      /** The REST APIs' stage ARNs by key: the ACL is associated with each of design.restApis. */
      restApiStageArns?: ReadonlyMap<string, pulumi.Input<string>>;
      key?: pulumi.Output<string>;
      /** Its resources' names' prefix (the component's name when left out). */
      prefix?: string;
    },
    opts?: pulumi.ComponentResourceOptions,
  ) {
    super('blueprint:index:Security', name, {}, opts);
    const d = args.design;
    const parent = { parent: this };
    const prefix = args.prefix ?? name;
    this.webAcl = new aws.wafv2.WebAcl(
      `${prefix}-web-acl`,
      { name: d.name, scope: d.protects === 'sites' ? 'CLOUDFRONT' : 'REGIONAL', defaultAction: { allow: {} }, visibilityConfig: visibility(d.metricName), rules: d.rules.map(rule) },
      parent,
    );
    // The static sites' ACL (CLOUDFRONT) has no association: each distribution names it.
    if (d.protects === 'load-balancer') {
      const loadBalancerArn = args.loadBalancerArn ?? fail(`web ACL ${d.name} protects the load balancer, which is not rendered`);
      new aws.wafv2.WebAclAssociation(`${prefix}-web-acl-association`, { resourceArn: loadBalancerArn, webAclArn: this.webAcl.arn }, parent);
    } else if (args.loadBalancerArn) fail(`web ACL ${d.name} protects ${d.protects}, not the load balancer`);
    // Each GraphQL API it is in front of (REGIONAL: with the load balancer, or for the APIs alone).
    for (const api of d.graphqlApis) {
      const resourceArn = args.graphqlApiArns?.get(api) ?? fail(`web ACL ${d.name} protects GraphQL API ${api}, which is not rendered`);
      new aws.wafv2.WebAclAssociation(`${prefix}-web-acl-association-graphql-${api}`, { resourceArn, webAclArn: this.webAcl.arn }, parent);
    }
    for (const api of d.restApis) {
      const resourceArn = args.restApiStageArns?.get(api) ?? fail(`web ACL ${d.name} protects REST API ${api}, which is not rendered`);
      new aws.wafv2.WebAclAssociation(`${prefix}-web-acl-association-rest-${api}`, { resourceArn, webAclArn: this.webAcl.arn }, parent);
    }
    const l = d.logging;
    if (l) {
      const logs = logGroup(`${prefix}-web-acl-logs`, { name: l.logGroupName, days: l.retentionDays, key: args.key }, parent);
      // The log group's ARN as the provider gives it (without CloudFormation's :* suffix), which is what WAF takes.
      new aws.wafv2.WebAclLoggingConfiguration(
        `${prefix}-web-acl-logging`,
        { resourceArn: this.webAcl.arn, logDestinationConfigs: [logs.arn], redactedFields: l.redactedHeaders.map((header) => ({ singleHeader: { name: header } })) },
        parent,
      );
    }
    this.registerOutputs({});
  }
}

const visibility = (metricName: string) => ({ cloudwatchMetricsEnabled: true, metricName, sampledRequestsEnabled: true });

function rule(r: WafRuleDesign): aws.types.input.wafv2.WebAclRule {
  const common = { name: r.name, priority: r.priority, visibilityConfig: visibility(r.metricName) };
  if (r.kind === 'managed') {
    // The group's own actions apply (override none).
    return { ...common, overrideAction: { none: {} }, statement: { managedRuleGroupStatement: { vendorName: r.vendor, name: r.group } } };
  }
  return { ...common, action: { block: {} }, statement: { rateBasedStatement: { limit: r.limit, aggregateKeyType: r.aggregateKey, evaluationWindowSec: r.windowSeconds } } };
}
