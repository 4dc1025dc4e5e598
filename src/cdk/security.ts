import { ArnFormat, Stack, aws_wafv2 as wafv2 } from 'aws-cdk-lib';
import { createLogGroup } from './retention';
import { Construct } from 'constructs';
import type { WafRuleDesign, WebAclDesign } from '../design';

/**
 * Step 5, security: the WAFv2 web ACL (REGIONAL) of the design and its associations with the load balancer
 * and the GraphQL APIs it protects (`protect`), the rules in the design's order and priorities, each with
 * CloudWatch metrics and sampled requests.
 */
export class Security extends Construct {
  readonly acl: wafv2.CfnWebACL;

  constructor(scope: Construct, id: string, props: { design: WebAclDesign; loadBalancerArn?: string }) {
    super(scope, id);
    const d = props.design;
    this.acl = new wafv2.CfnWebACL(this, 'WebAcl', {
      name: d.name,
      // The static sites' ACL is CLOUDFRONT-scoped (us-east-1): each distribution names it, no association.
      scope: d.protects === 'sites' ? 'CLOUDFRONT' : 'REGIONAL',
      defaultAction: { allow: {} },
      visibilityConfig: visibility(d.metricName),
      rules: d.rules.map(rule),
    });
    if (props.loadBalancerArn) this.protect('Association', props.loadBalancerArn);
    if (d.logging) {
      const logGroup = createLogGroup(this, 'WebAclLogs', d.logging.retentionDays, { logGroupName: d.logging.logGroupName });
      // WAF wants the log group's ARN without the :* of its Arn attribute.
      const arn = Stack.of(this).formatArn({ service: 'logs', resource: 'log-group', resourceName: d.logging.logGroupName, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
      const logging = new wafv2.CfnLoggingConfiguration(this, 'Logging', {
        resourceArn: this.acl.attrArn,
        logDestinationConfigs: [arn],
        redactedFields: d.logging.redactedHeaders.map((name) => ({ singleHeader: { Name: name } })),
      });
      logging.node.addDependency(logGroup);
    }
  }

  /** Associates the ACL with a regional resource (the load balancer, a GraphQL API) by its ARN. */
  protect(id: string, resourceArn: string): void {
    new wafv2.CfnWebACLAssociation(this, id, { resourceArn, webAclArn: this.acl.attrArn });
  }
}

const visibility = (metricName: string): wafv2.CfnWebACL.VisibilityConfigProperty => ({ cloudWatchMetricsEnabled: true, metricName, sampledRequestsEnabled: true });

function rule(r: WafRuleDesign): wafv2.CfnWebACL.RuleProperty {
  const common = { name: r.name, priority: r.priority, visibilityConfig: visibility(r.metricName) };
  if (r.kind === 'managed') {
    // The group's own actions apply (override none).
    return { ...common, overrideAction: { none: {} }, statement: { managedRuleGroupStatement: { vendorName: r.vendor, name: r.group } } };
  }
  return { ...common, action: { block: {} }, statement: { rateBasedStatement: { limit: r.limit, aggregateKeyType: r.aggregateKey, evaluationWindowSec: r.windowSeconds } } };
}
