/*
 * WAFv2 web ACLs of a template, with their associations ("load-balancer": a Ref of the load balancer),
 * rules and request logging (AWS::WAFv2::LoggingConfiguration into a log group of the stack, which it
 * owns: "web-acl"). Anything the inventory does not describe throws (see WebAclInventory). Run before
 * readLogGroups.
 */
import type { WebAclInventory } from '../inventory';
import type { Context } from './context';
import { graphqlApiKey } from './graphql';
import { restStageOfArn } from './rest-apis';
import { T } from './resource-types';
import { fail, isObject, list, obj, onlyKnown, pseudoParameter, refOf, Resolver } from './template';

export function readWebAcls(x: Context): WebAclInventory[] {
  const { t, r } = x;
  const associations = t.ofType(T.webAclAssociation);
  // Each logging configuration, by the web ACL it logs (by its Arn); a second one for an ACL throws.
  const loggingOf = new Map<string, string>();
  for (const l of t.ofType(T.wafLogging)) {
    const lw = t.where(l, 'ResourceArn');
    const acl = t.target(t.props(l).ResourceArn, [T.webAcl], lw);
    if (refOf(t.props(l).ResourceArn)!.attr !== 'Arn') fail(lw, `names ${acl} by something other than its Arn`);
    if (loggingOf.has(acl)) fail(t.where(l), `${acl} has a logging configuration already (${loggingOf.get(acl)}); the inventory records one`);
    loggingOf.set(acl, l);
  }
  return t.ofType(T.webAcl).map((id): WebAclInventory => {
    const w = (field: string) => t.where(id, field);
    onlyKnown(t, id, ['Name', 'Scope', 'DefaultAction', 'VisibilityConfig', 'Rules', 'Tags'], 'a web ACL');
    const p = t.props(id);
    const protects = associations
      .filter((a) => t.target(t.props(a).WebACLArn, [T.webAcl], t.where(a, 'WebACLArn')) === id)
      .map((a) => {
        const arn = t.props(a).ResourceArn;
        // A REST API's stage, by its ARN: "rest-api:<key>".
        const stage = restStageOfArn(x, arn, t.where(a, 'ResourceArn'));
        if (stage) return stage;
        const target = t.target(arn, [T.loadBalancer, T.graphqlApi], t.where(a, 'ResourceArn'));
        if (t.type(target) === T.graphqlApi) {
          if (refOf(arn)!.attr !== 'Arn') fail(t.where(a, 'ResourceArn'), 'names the GraphQL API by something other than its Arn');
          return `graphql-api:${graphqlApiKey(t, r, target)}`;
        }
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
      logging: loggingOf.has(id) ? readLogging(x, loggingOf.get(id)!) : null,
    };
  });
}

// Brackets around a log group's logical ID inside a resolved ARN (its name, by Ref).
const LG_OPEN = '\u0008';
const LG_CLOSE = '\u000e';
/** arn:<partition>:logs:<region>:<account>:log-group:<name>: what WAF logs into (no ":*" after the name). */
const LOG_GROUP_ARN = /^arn:(aws|aws-cn|aws-us-gov|\$\{AWS::Partition\}):logs:([a-z0-9-]+|\$\{AWS::Region\}):\$\{AWS::AccountId\}:log-group:([^:*]+)$/;

/**
 * A web ACL's request logging: the one destination, a CloudWatch log group of the stack in its account and
 * region, by an ARN built from the group's name (written out, or its Ref); its retention; the single headers
 * redacted. The log group is owned by "web-acl". A logging filter, another redacted field, another
 * destination (a bucket, a Firehose stream, a log group the stack does not create) throws.
 */
function readLogging(x: Context, id: string): NonNullable<WebAclInventory['logging']> {
  const { t, r } = x;
  const w = (field: string) => t.where(id, field);
  onlyKnown(t, id, ['ResourceArn', 'LogDestinationConfigs', 'RedactedFields'], "a web ACL's logging configuration");
  const destinations = list(t.props(id).LogDestinationConfigs, w('LogDestinationConfigs'));
  if (destinations.length !== 1) fail(w('LogDestinationConfigs'), `has ${destinations.length} destinations; the inventory records one log group`);
  const where = w('LogDestinationConfigs[0]');
  const resolver = new Resolver((ref, rw) => {
    const pseudo = pseudoParameter(ref);
    if (pseudo !== undefined) return pseudo;
    if (ref.attr === 'Ref' && t.type(ref.id) === T.logGroup) return `${LG_OPEN}${ref.id}${LG_CLOSE}`;
    return fail(rw, `${ref.id} ${ref.attr === 'Ref' ? 'by Ref' : `attribute ${ref.attr}`} is not a log group's name (a log group's Arn ends in ":*", which WAF refuses)`);
  });
  const arn = resolver.str(destinations[0], where);
  const shown = JSON.stringify(arn.replace(new RegExp(`[${LG_OPEN}${LG_CLOSE}]`, 'g'), ''));
  const m = LOG_GROUP_ARN.exec(arn);
  if (!m) fail(where, `${shown} is not the ARN of a CloudWatch log group of the stack's account (the inventory records logging into a log group only)`);
  const [, , region, name] = m;
  if (region !== '${AWS::Region}' && region !== x.region()) fail(where, `names a log group in ${region}, not in the stack's region (${x.region()})`);
  const logGroupName = (lg: string) => (t.props(lg).LogGroupName === undefined ? undefined : r.str(t.props(lg).LogGroupName, t.where(lg, 'LogGroupName')));
  let logGroup: string;
  const byRef = new RegExp(`^${LG_OPEN}([^${LG_OPEN}${LG_CLOSE}]+)${LG_CLOSE}$`).exec(name);
  if (byRef) {
    logGroup = byRef[1];
    if (logGroupName(logGroup) === undefined) fail(t.where(logGroup, 'LogGroupName'), 'is missing; WAF logs into a log group named aws-waf-logs-<name>');
  } else if (name.includes(LG_OPEN)) {
    return fail(where, `${shown}: a log group's name is written out or its Ref, not built from it`);
  } else {
    // By its name written out (a provider's /aws/lambda/<Ref> log group is never it).
    const found = t.ofType(T.logGroup).filter((lg) => typeof t.props(lg).LogGroupName === 'string' && logGroupName(lg) === name);
    if (found.length !== 1) fail(where, `names log group ${JSON.stringify(name)}, which ${found.length ? 'several log groups of the stack are named' : 'is no log group of the stack'}`);
    logGroup = found[0];
  }
  x.names.ownLogGroup(logGroup, 'web-acl', id);
  const redactedHeaders = list(t.props(id).RedactedFields, w('RedactedFields')).map((v, i) => {
    const fw = w(`RedactedFields[${i}]`);
    const field = obj(v, fw);
    const header = Object.keys(field).length === 1 && field.SingleHeader !== undefined ? obj(field.SingleHeader, `${fw}.SingleHeader`) : fail(fw, `${JSON.stringify(field)}: the inventory records single headers only`);
    if (Object.keys(header).length !== 1 || header.Name === undefined) fail(`${fw}.SingleHeader`, 'is not { Name }');
    return r.str(header.Name, `${fw}.SingleHeader.Name`).toLowerCase();
  });
  return { logGroupName: logGroupName(logGroup)!, retentionDays: x.retention(logGroup), redactedHeaders };
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
