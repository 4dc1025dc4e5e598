/*
 * Load balancing read from a CloudFormation template: target groups (port,
 * protocol, health check, deregistration delay, AWS's defaults when absent)
 * and the load balancer with its listeners, certificates, listener rules and
 * actions.
 */
import type { ListenerAction, LoadBalancerInventory, TargetGroupInventory } from '../inventory';
import { certificate } from './certificates';
import { readLoadBalancerDistribution } from './sites';
import type { Context } from './context';
import { T } from './resource-types';
import { attributes, fail, list, obj } from './template';

export function readTargetGroups(x: Context): TargetGroupInventory[] {
  const { t, r, names } = x;
  return t.ofType(T.targetGroup).map((tg) => {
    const p = t.props(tg);
    const w = (field: string) => t.where(tg, field);
    if (!r.bool(p.HealthCheckEnabled, true, w('HealthCheckEnabled'))) fail(t.where(tg), 'has its health check disabled');
    const attrs = attributes(p.TargetGroupAttributes, w('TargetGroupAttributes'), r);
    // Absent properties take AWS's defaults for an HTTP target group.
    return {
      name: names.targetGroup(tg),
      port: r.num(p.Port, w('Port')),
      protocol: r.str(p.Protocol, w('Protocol')),
      targetType: r.str(p.TargetType ?? 'instance', w('TargetType')),
      deregistrationDelaySeconds: r.numOr(attrs.get('deregistration_delay.timeout_seconds'), 300, w('deregistration_delay.timeout_seconds')),
      healthCheck: {
        path: r.str(p.HealthCheckPath ?? '/', w('HealthCheckPath')),
        intervalSeconds: r.numOr(p.HealthCheckIntervalSeconds, 30, w('HealthCheckIntervalSeconds')),
        healthyThreshold: r.numOr(p.HealthyThresholdCount, 5, w('HealthyThresholdCount')),
        unhealthyThreshold: r.numOr(p.UnhealthyThresholdCount, 2, w('UnhealthyThresholdCount')),
      },
    };
  });
}

export function readLoadBalancers(x: Context): LoadBalancerInventory[] {
  const { t, r } = x;
  const listenersByLb = new Map<string, string[]>();
  for (const l of t.ofType(T.listener)) {
    const lb = t.target(t.props(l).LoadBalancerArn, [T.loadBalancer], t.where(l, 'LoadBalancerArn'));
    listenersByLb.set(lb, [...(listenersByLb.get(lb) ?? []), l]);
  }
  const rulesByListener = new Map<string, string[]>();
  for (const rule of t.ofType(T.listenerRule)) {
    const l = t.target(t.props(rule).ListenerArn, [T.listener], t.where(rule, 'ListenerArn'));
    rulesByListener.set(l, [...(rulesByListener.get(l) ?? []), rule]);
  }

  const lbs = t.ofType(T.loadBalancer).map((lb): LoadBalancerInventory => {
    const p = t.props(lb);
    const w = (field: string) => t.where(lb, field);
    const type = r.str(p.Type ?? 'application', w('Type'));
    if (type !== 'application') fail(t.where(lb), `is a ${type} load balancer; only application load balancers are in the inventory`);
    if (p.SubnetMappings !== undefined) fail(t.where(lb), 'uses SubnetMappings; only Subnets are read');
    const scheme = r.str(p.Scheme ?? 'internet-facing', w('Scheme'));
    if (scheme !== 'internet-facing' && scheme !== 'internal') fail(w('Scheme'), `unknown scheme ${scheme}`);
    const attrs = attributes(p.LoadBalancerAttributes, w('LoadBalancerAttributes'), r);
    // Access logs: off unless enabled (AWS's default); the bucket by its inventory name, the prefix as written (absent: the bucket's root).
    const logsOn = r.bool(attrs.get('access_logs.s3.enabled'), false, w('access_logs.s3.enabled'));
    const logBucket = attrs.get('access_logs.s3.bucket');
    if (logsOn && logBucket === undefined) fail(w('LoadBalancerAttributes'), 'enables access logs without access_logs.s3.bucket');
    return {
      scheme,
      subnets: x.span(p.Subnets, w('Subnets')),
      // AWS's defaults when the attribute is absent.
      idleTimeoutSeconds: r.numOr(attrs.get('idle_timeout.timeout_seconds'), 60, w('idle_timeout.timeout_seconds')),
      dropInvalidHeaderFields: r.bool(attrs.get('routing.http.drop_invalid_header_fields.enabled'), false, w('routing.http.drop_invalid_header_fields.enabled')),
      deletionProtection: r.bool(attrs.get('deletion_protection.enabled'), false, w('deletion_protection.enabled')),
      accessLogs: logsOn ? { bucket: logBucket!, prefix: attrs.get('access_logs.s3.prefix') ?? '' } : null,
      cdn: readLoadBalancerDistribution(x, lb),
      ingress: x.ingressOf(p.SecurityGroups, w('SecurityGroups')),
      egress: x.egressOf(p.SecurityGroups, w('SecurityGroups')),
      listeners: (listenersByLb.get(lb) ?? []).map((l) => {
        const lp = t.props(l);
        const lw = (field: string) => t.where(l, field);
        const certs = list(lp.Certificates, lw('Certificates'));
        if (certs.length > 1) fail(lw('Certificates'), 'has more than one certificate; the inventory records one');
        return {
          port: r.num(lp.Port, lw('Port')),
          protocol: r.str(lp.Protocol, lw('Protocol')),
          // null: not written (AWS picks its default policy for HTTPS).
          sslPolicy: lp.SslPolicy === undefined ? null : r.str(lp.SslPolicy, lw('SslPolicy')),
          certificate: certs.length ? certificate(x, obj(certs[0], lw('Certificates[0]')).CertificateArn, lw('Certificates[0].CertificateArn')) : null,
          defaultAction: onlyAction(x, lp.DefaultActions, lw('DefaultActions')),
          rules: (rulesByListener.get(l) ?? []).map((rule) => listenerRule(x, rule)),
        };
      }),
    };
  });
  return lbs;
}

function onlyAction(x: Context, v: unknown, where: string): ListenerAction {
  const actions = list(v, where);
  if (actions.length !== 1) fail(where, `has ${actions.length} actions; the inventory records exactly one`);
  return action(x, obj(actions[0], `${where}[0]`), `${where}[0]`);
}

function action(x: Context, a: Record<string, unknown>, where: string): ListenerAction {
  const { t, r, names } = x;
  const type = r.str(a.Type, `${where}.Type`);
  if (type === 'forward') {
    let tg = a.TargetGroupArn;
    if (tg === undefined) {
      const groups = list(obj(a.ForwardConfig, `${where}.ForwardConfig`).TargetGroups, `${where}.ForwardConfig.TargetGroups`);
      if (groups.length !== 1) fail(where, `forwards to ${groups.length} target groups; the inventory records one`);
      tg = obj(groups[0], `${where}.ForwardConfig.TargetGroups[0]`).TargetGroupArn;
    }
    return { type, targetGroup: names.targetGroup(t.target(tg, [T.targetGroup], `${where}.TargetGroupArn`)) };
  }
  if (type === 'redirect') {
    const c = obj(a.RedirectConfig, `${where}.RedirectConfig`);
    const w = `${where}.RedirectConfig`;
    // Host, path and query default to the request's own; anything else is not in the inventory.
    if ((c.Host ?? '#{host}') !== '#{host}' || (c.Path ?? '/#{path}') !== '/#{path}' || (c.Query ?? '#{query}') !== '#{query}') {
      fail(w, 'rewrites the host, path or query; the inventory records protocol, port and status code only');
    }
    return { type, protocol: r.str(c.Protocol ?? '#{protocol}', `${w}.Protocol`), port: r.str(c.Port ?? '#{port}', `${w}.Port`), statusCode: r.str(c.StatusCode, `${w}.StatusCode`) };
  }
  if (type === 'fixed-response') {
    const c = obj(a.FixedResponseConfig, `${where}.FixedResponseConfig`);
    const w = `${where}.FixedResponseConfig`;
    return { type, statusCode: r.str(c.StatusCode, `${w}.StatusCode`), contentType: r.str(c.ContentType ?? '', `${w}.ContentType`), body: r.str(c.MessageBody ?? '', `${w}.MessageBody`) };
  }
  return fail(where, `action type ${type} is not in the inventory`);
}

function listenerRule(x: Context, rule: string): LoadBalancerInventory['listeners'][number]['rules'][number] {
  const { t, r } = x;
  const p = t.props(rule);
  const hostHeaders: string[] = [];
  const pathPatterns: string[] = [];
  for (const [i, c] of list(p.Conditions, t.where(rule, 'Conditions')).entries()) {
    const w = t.where(rule, `Conditions[${i}]`);
    const cond = obj(c, w);
    const field = r.str(cond.Field, `${w}.Field`);
    const config = field === 'host-header' ? cond.HostHeaderConfig : field === 'path-pattern' ? cond.PathPatternConfig : fail(w, `condition ${field} is not in the inventory`);
    const values = list(config === undefined ? cond.Values : obj(config, w).Values, `${w}.Values`).map((v) => r.str(v, `${w}.Values`));
    (field === 'host-header' ? hostHeaders : pathPatterns).push(...values);
  }
  return { priority: r.num(p.Priority, t.where(rule, 'Priority')), hostHeaders, pathPatterns, action: onlyAction(x, p.Actions, t.where(rule, 'Actions')) };
}
