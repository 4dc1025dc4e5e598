/*
 * WAFv2 web ACLs of a template, with their associations ("load-balancer": a Ref of the load balancer)
 * and rules. Anything the inventory does not describe throws (see WebAclInventory).
 */
import type { WebAclInventory } from '../inventory';
import type { Context } from './context';
import { T } from './resource-types';
import { fail, isObject, list, obj, onlyKnown, refOf } from './template';

export function readWebAcls(x: Context): WebAclInventory[] {
  const { t, r } = x;
  const associations = t.ofType(T.webAclAssociation);
  return t.ofType(T.webAcl).map((id) => {
    const w = (field: string) => t.where(id, field);
    onlyKnown(t, id, ['Name', 'Scope', 'DefaultAction', 'VisibilityConfig', 'Rules', 'Tags'], 'a web ACL');
    const p = t.props(id);
    const protects = associations
      .filter((a) => t.target(t.props(a).WebACLArn, [T.webAcl], t.where(a, 'WebACLArn')) === id)
      .map((a) => {
        const arn = t.props(a).ResourceArn;
        t.target(arn, [T.loadBalancer], t.where(a, 'ResourceArn'));
        if (refOf(arn)!.attr !== 'Ref') fail(t.where(a, 'ResourceArn'), 'names the load balancer by something other than its ARN (Ref)');
        return 'load-balancer';
      });
    return {
      name: r.str(p.Name, w('Name')),
      scope: r.str(p.Scope, w('Scope')),
      defaultAction: action(obj(p.DefaultAction, w('DefaultAction')), w('DefaultAction'), ['allow', 'block']) as 'allow' | 'block',
      protects,
      metricName: visibility(p.VisibilityConfig, w('VisibilityConfig'), x),
      rules: list(p.Rules, w('Rules')).map((v, i) => {
        const where = w(`Rules[${i}]`);
        const rule = obj(v, where);
        const extra = Object.keys(rule).filter((k) => !['Name', 'Priority', 'Action', 'OverrideAction', 'Statement', 'VisibilityConfig'].includes(k));
        if (extra.length) fail(where, `${extra.join(', ')}: not in the inventory`);
        const statement = obj(rule.Statement, `${where}.Statement`);
        let text: string;
        let act: string;
        if (statement.ManagedRuleGroupStatement !== undefined) {
          const m = obj(statement.ManagedRuleGroupStatement, `${where}.Statement.ManagedRuleGroupStatement`);
          if (Object.keys(m).some((k) => !['VendorName', 'Name'].includes(k))) fail(`${where}.Statement.ManagedRuleGroupStatement`, 'has settings besides VendorName and Name (versions, rule overrides, scope-down): not in the inventory');
          text = `managed:${r.str(m.VendorName, `${where}...VendorName`)}/${r.str(m.Name, `${where}...Name`)}`;
          if (rule.Action !== undefined) fail(`${where}.Action`, 'a managed rule group takes an OverrideAction, not an Action');
          const override = obj(rule.OverrideAction, `${where}.OverrideAction`);
          if (Object.keys(override).join() !== 'None') fail(`${where}.OverrideAction`, 'the inventory reads override action none (the group\'s own actions) only');
          act = 'override:none';
        } else if (statement.RateBasedStatement !== undefined) {
          const s = obj(statement.RateBasedStatement, `${where}.Statement.RateBasedStatement`);
          if (Object.keys(s).some((k) => !['Limit', 'AggregateKeyType', 'EvaluationWindowSec'].includes(k))) fail(`${where}.Statement.RateBasedStatement`, 'has settings besides Limit, AggregateKeyType and EvaluationWindowSec: not in the inventory');
          text = `rate:${r.str(s.AggregateKeyType, `${where}...AggregateKeyType`)}:${r.num(s.Limit, `${where}...Limit`)}/${r.numOr(s.EvaluationWindowSec, 300, `${where}...EvaluationWindowSec`)}`;
          act = action(obj(rule.Action, `${where}.Action`), `${where}.Action`, ['block', 'count', 'allow']);
        } else {
          fail(`${where}.Statement`, `${Object.keys(statement).join(', ')}: not in the inventory (managed rule groups and rate-based statements are)`);
        }
        return { name: r.str(rule.Name, `${where}.Name`), priority: r.num(rule.Priority, `${where}.Priority`), action: act, statement: text, metricName: visibility(rule.VisibilityConfig, `${where}.VisibilityConfig`, x) };
      }),
    };
  });
}

/** {Allow: {}} -> "allow"; custom requests or responses throw. */
function action(a: Record<string, unknown>, where: string, allowed: string[]): string {
  const keys = Object.keys(a);
  const name = keys[0]?.toLowerCase();
  if (keys.length !== 1 || !allowed.includes(name) || (isObject(a[keys[0]]) && Object.keys(a[keys[0]] as object).length)) fail(where, `${JSON.stringify(a)}: the inventory reads one of ${allowed.join(', ')}, without custom settings`);
  return name;
}

/** CloudWatch metrics and sampled requests on: the metric name. */
function visibility(v: unknown, where: string, x: Context): string {
  const c = obj(v, where);
  if (c.CloudWatchMetricsEnabled !== true || c.SampledRequestsEnabled !== true) fail(where, 'the inventory reads CloudWatch metrics and sampled requests both on');
  return x.r.str(c.MetricName, `${where}.MetricName`);
}
