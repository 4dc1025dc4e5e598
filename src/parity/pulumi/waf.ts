/*
 * WAFv2 web ACLs of a mock run, with their associations ("load-balancer": the load balancer whose ARN
 * the association names; "graphql-api:<key>": a GraphQL API's), rules and request logging, read as the CloudFormation reader reads them (see
 * WebAclInventory).
 */
import type { WebAclInventory } from '../inventory';
import type { Context, Inputs, R } from './context';
import { T } from './resource-types';
import { graphqlApiByArn } from './graphql';
import { restStageByArn } from './rest-apis';

export function readWebAcls(ctx: Context): WebAclInventory[] {
  const { ofType, byArnValue, must } = ctx;
  const lbs = ofType(T.lb);
  return ofType(T.webAcl).map((acl) => {
    const a = acl.inputs;
    const what = `web ACL ${acl.name}`;
    if (a.ruleJson !== undefined) throw new Error(`parity: ${what} has ruleJson, which the inventory does not read`);
    const protects = ofType(T.webAclAssociation)
      .filter((x) => x.inputs.webAclArn === byArnValue(acl))
      .map((x) => {
        // A GraphQL API's ARN: "graphql-api:<key>"; otherwise the load balancer's.
        const api = graphqlApiByArn(ctx, x.inputs.resourceArn) ?? restStageByArn(ctx, x.inputs.resourceArn);
        if (api) return api;
        must(lbs.find((lb) => byArnValue(lb) === x.inputs.resourceArn), `the load balancer or GraphQL API ${what} is associated with (${x.inputs.resourceArn})`);
        return 'load-balancer';
      });
    return {
      name: a.name,
      scope: a.scope,
      defaultAction: action(a.defaultAction, `${what} defaultAction`) as 'allow' | 'block',
      protects,
      metricName: visibility(a.visibilityConfig, what),
      logging: readLogging(ctx, acl, what),
      rules: ((a.rules ?? []) as Inputs[]).map((rule) => {
        const where = `${what} rule ${rule.name}`;
        const extra = Object.keys(rule).filter((k) => !['name', 'priority', 'action', 'overrideAction', 'statement', 'visibilityConfig'].includes(k));
        if (extra.length) throw new Error(`parity: ${where}: ${extra.join(', ')} not in the inventory`);
        const s = rule.statement as Inputs;
        if (s.managedRuleGroupStatement) {
          const m = s.managedRuleGroupStatement as Inputs;
          if (Object.keys(m).some((k) => !['vendorName', 'name'].includes(k))) throw new Error(`parity: ${where}: managed rule group settings besides vendorName and name`);
          if (rule.action !== undefined || JSON.stringify(rule.overrideAction) !== '{"none":{}}') throw new Error(`parity: ${where}: the inventory reads override action none only`);
          return { name: rule.name, priority: rule.priority, action: 'override:none', statement: `managed:${m.vendorName}/${m.name}`, metricName: visibility(rule.visibilityConfig, where) };
        }
        if (s.rateBasedStatement) {
          const b = s.rateBasedStatement as Inputs;
          if (Object.keys(b).some((k) => !['limit', 'aggregateKeyType', 'evaluationWindowSec'].includes(k))) throw new Error(`parity: ${where}: rate-based settings besides limit, aggregateKeyType and evaluationWindowSec`);
          return { name: rule.name, priority: rule.priority, action: action(rule.action, where), statement: `rate:${b.aggregateKeyType}:${b.limit}/${b.evaluationWindowSec ?? 300}`, metricName: visibility(rule.visibilityConfig, where) };
        }
        throw new Error(`parity: ${where}: statement ${Object.keys(s).join(', ')} not in the inventory`);
      }),
    };
  });
}

/** The ACL's logging configuration: one CloudWatch log group of the run, single headers redacted; anything else throws. */
function readLogging(ctx: Context, acl: R, what: string): WebAclInventory['logging'] {
  const configs = ctx.ofType(T.webAclLogging).filter((l) => l.inputs.resourceArn === ctx.byArnValue(acl));
  if (!configs.length) return null;
  if (configs.length > 1) throw new Error(`parity: ${what} has ${configs.length} logging configurations`);
  const c = configs[0];
  const extra = Object.keys(c.inputs).filter((k) => !['resourceArn', 'logDestinationConfigs', 'redactedFields'].includes(k) && c.inputs[k] !== undefined);
  if (extra.length) throw new Error(`parity: the logging of ${what} sets ${extra.join(', ')}, which the inventory does not read`);
  const destinations = (c.inputs.logDestinationConfigs ?? []) as string[];
  if (destinations.length !== 1) throw new Error(`parity: ${what} logs to ${destinations.length} destinations; the inventory reads one log group`);
  const group = ctx.logGroupByArn(destinations[0]);
  const redactedHeaders = ((c.inputs.redactedFields ?? []) as Inputs[]).map((f) => {
    if (Object.keys(f).length !== 1 || typeof f.singleHeader?.name !== 'string') throw new Error(`parity: ${what} redacts ${JSON.stringify(f)}; the inventory reads single headers only`);
    return (f.singleHeader.name as string).toLowerCase();
  });
  return { logGroupName: ctx.must(group.inputs.name as string | undefined, `the name of ${what}'s log group`), retentionDays: group.inputs.retentionInDays, redactedHeaders };
}

function action(a: Inputs | undefined, where: string): string {
  const keys = Object.keys(a ?? {});
  if (keys.length !== 1 || Object.keys(a![keys[0]] ?? {}).length) throw new Error(`parity: ${where}: action ${JSON.stringify(a)} is not one plain action`);
  return keys[0];
}

function visibility(v: Inputs | undefined, where: string): string {
  if (v?.cloudwatchMetricsEnabled !== true || v.sampledRequestsEnabled !== true) throw new Error(`parity: ${where}: the inventory reads CloudWatch metrics and sampled requests both on`);
  return v.metricName;
}
