/*
 * The WAFv2 web ACL in front of the public load balancer: the design's
 * defaults and written rules, and each backend's rendering of them.
 */
import { blueprintSchema, type Blueprint } from '../src/schema';
import { design } from '../src/design';
import { checkBlueprint } from '../src/design/checks';
import { runUnderMocks } from '../src/pulumi/mock-run';
import { designOf, synth } from './support';

const bp = (over: Record<string, unknown> = {}): Blueprint => blueprintSchema.parse({ blueprint: 1, name: 'shop', services: { web: { image: 'nginx', public: true } }, ...over });

describe('design', () => {
  test('by default: common, known-bad-inputs and ip-reputation, then 2000 requests per address per 5 min', () => {
    const acl = design(bp()).webAcl!;
    expect(acl).toMatchObject({ name: 'shop-web', protects: 'load-balancer', defaultAction: 'allow', metricName: 'shop-web-acl' });
    expect(acl.rules).toEqual([
      { kind: 'managed', name: 'common', vendor: 'AWS', group: 'AWSManagedRulesCommonRuleSet', priority: 0, metricName: 'shop-common' },
      { kind: 'managed', name: 'known-bad-inputs', vendor: 'AWS', group: 'AWSManagedRulesKnownBadInputsRuleSet', priority: 1, metricName: 'shop-known-bad-inputs' },
      { kind: 'managed', name: 'ip-reputation', vendor: 'AWS', group: 'AWSManagedRulesAmazonIpReputationList', priority: 2, metricName: 'shop-ip-reputation' },
      { kind: 'rate-limit', name: 'rate-limit', priority: 3, limit: 2000, windowSeconds: 300, aggregateKey: 'IP', action: 'block', metricName: 'shop-rate-limit' },
    ]);
    const d = design(bp()).decisions.find((x) => x.subject === 'security.waf')!;
    expect(d).toMatchObject({ concern: 'security', source: 'default' });
    expect(d.rationale).toMatch(/\$5 a month/);
  });

  test('written rules and limit, in the written order', () => {
    const acl = design(bp({ security: { waf: { managed_rules: ['sql-injection', 'common'], rate_limit_per_5min: 500 } } })).webAcl!;
    expect(acl.rules.map((r) => [r.name, r.priority])).toEqual([['sql-injection', 0], ['common', 1], ['rate-limit', 2]]);
    expect(acl.rules[2]).toMatchObject({ limit: 500 });
  });

  test('no public service: no web ACL; writing one is an error', () => {
    const internal = bp({ services: { worker: { image: 'nginx' } } });
    expect(design(internal).webAcl).toBeUndefined();
    expect(checkBlueprint(bp({ services: { worker: { image: 'nginx' } }, security: { waf: {} } })).map((i) => i.message)).toEqual(['no public service or GraphQL API: there is no entry point to put a web ACL in front of']);
  });
});

test('the load balancer has deletion protection unless resilience.deletion_protection is false', () => {
  expect(design(bp()).loadBalancer!.deletionProtection).toBe(true);
  expect(design(bp({ resilience: { deletion_protection: false } })).loadBalancer!.deletionProtection).toBe(false);
});

describe('CDK', () => {
  const { template, assertions } = synth('blueprints/web-app.yaml');
  test('one REGIONAL web ACL with the design\'s rules, associated with the load balancer', () => {
    assertions.resourceCountIs('AWS::WAFv2::WebACL', 1);
    assertions.hasResourceProperties('AWS::WAFv2::WebACL', {
      Name: 'web-app-web',
      Scope: 'REGIONAL',
      DefaultAction: { Allow: {} },
      VisibilityConfig: { CloudWatchMetricsEnabled: true, MetricName: 'web-app-web-acl', SampledRequestsEnabled: true },
    });
    const acl = Object.entries(template.Resources as Record<string, { Type: string; Properties: { Rules: { Name: string; Priority: number; Statement: object; OverrideAction?: object; Action?: object }[] } }>).find(([, r]) => r.Type === 'AWS::WAFv2::WebACL')!;
    expect(acl[1].Properties.Rules.map((r) => [r.Name, r.Priority, r.OverrideAction ?? r.Action, r.Statement])).toEqual([
      ['common', 0, { None: {} }, { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: 'AWSManagedRulesCommonRuleSet' } }],
      ['known-bad-inputs', 1, { None: {} }, { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: 'AWSManagedRulesKnownBadInputsRuleSet' } }],
      ['ip-reputation', 2, { None: {} }, { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: 'AWSManagedRulesAmazonIpReputationList' } }],
      ['rate-limit', 3, { Block: {} }, { RateBasedStatement: { Limit: 2000, AggregateKeyType: 'IP', EvaluationWindowSec: 300 } }],
    ]);
    const lb = Object.entries(template.Resources as Record<string, { Type: string }>).find(([, r]) => r.Type === 'AWS::ElasticLoadBalancingV2::LoadBalancer')![0];
    assertions.hasResourceProperties('AWS::WAFv2::WebACLAssociation', { ResourceArn: { Ref: lb }, WebACLArn: { 'Fn::GetAtt': [acl[0], 'Arn'] } });
  });
});

describe('Pulumi', () => {
  test('the same web ACL and its association with the load balancer', async () => {
    const g = await runUnderMocks(designOf('blueprints/web-app.yaml'));
    const acl = g.find((r) => r.type === 'aws:wafv2/webAcl:WebAcl')!;
    expect(acl.inputs).toMatchObject({ name: 'web-app-web', scope: 'REGIONAL', defaultAction: { allow: {} }, visibilityConfig: { cloudwatchMetricsEnabled: true, metricName: 'web-app-web-acl', sampledRequestsEnabled: true } });
    expect((acl.inputs.rules as { name: string; statement: object }[]).map((r) => [r.name, r.statement])).toEqual([
      ['common', { managedRuleGroupStatement: { vendorName: 'AWS', name: 'AWSManagedRulesCommonRuleSet' } }],
      ['known-bad-inputs', { managedRuleGroupStatement: { vendorName: 'AWS', name: 'AWSManagedRulesKnownBadInputsRuleSet' } }],
      ['ip-reputation', { managedRuleGroupStatement: { vendorName: 'AWS', name: 'AWSManagedRulesAmazonIpReputationList' } }],
      ['rate-limit', { rateBasedStatement: { limit: 2000, aggregateKeyType: 'IP', evaluationWindowSec: 300 } }],
    ]);
    const association = g.find((r) => r.type === 'aws:wafv2/webAclAssociation:WebAclAssociation')!;
    expect(association.inputs.resourceArn).toMatch(/:web-app-alb$/);
    expect(association.inputs.webAclArn).toMatch(/:web-app-web-acl$/);
  });
});
