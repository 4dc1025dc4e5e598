/*
 * Load balancing read from a mock run: target groups (port, protocol, health
 * check, deregistration delay) and the load balancer with its listeners,
 * certificates, listener rules and actions.
 */
import { certificateOf } from './certificates';
import type { ListenerAction, LoadBalancerInventory, TargetGroupInventory } from '../inventory';
import type { Context, Inputs } from './context';
import type { Names } from './names';
import { egressOf, ports, subnetLookup } from './network';
import { T } from './resource-types';
import { loadBalancerAccessLogs } from './access-logs';
import { readLoadBalancerDistribution } from './sites';
import { byText } from '../../text';

export function readTargetGroups(ctx: Context, names: Names): TargetGroupInventory[] {
  const { ofType, byArnValue } = ctx;
  const { tgName } = names;
  return ofType(T.tg)
    .map((t) => ({
      name: tgName(byArnValue(t)),
      port: t.inputs.port,
      protocol: t.inputs.protocol,
      targetType: t.inputs.targetType,
      deregistrationDelaySeconds: Number(t.inputs.deregistrationDelay),
      healthCheck: {
        path: t.inputs.healthCheck.path,
        intervalSeconds: t.inputs.healthCheck.interval,
        healthyThreshold: t.inputs.healthCheck.healthyThreshold,
        unhealthyThreshold: t.inputs.healthCheck.unhealthyThreshold,
      },
    }))
    .sort((a, b) => byText(a.name, b.name));
}

export function readLoadBalancers(ctx: Context, names: Names): LoadBalancerInventory[] {
  const { ofType, id, byArnValue, must } = ctx;
  const { tgName } = names;
  const { subnetSet } = subnetLookup(ctx);
  const sgs = ofType(T.sg);
  const action = (a: Inputs): ListenerAction => {
    if (a.type === 'forward') return { type: 'forward', targetGroup: tgName(a.targetGroupArn) };
    if (a.type === 'redirect') return { type: 'redirect', protocol: a.redirect.protocol, port: String(a.redirect.port), statusCode: a.redirect.statusCode };
    if (a.type === 'fixed-response') return { type: 'fixed-response', statusCode: String(a.fixedResponse.statusCode), contentType: a.fixedResponse.contentType, body: a.fixedResponse.messageBody };
    throw new Error(`parity: unknown listener action ${a.type}`);
  };
  return ofType(T.lb).map((lb): LoadBalancerInventory => {
    const arn = byArnValue(lb);
    const sg = must(sgs.find((g) => (lb.inputs.securityGroups as string[]).includes(id(g))), `security group of ${lb.name}`);
    return {
      scheme: lb.inputs.internal ? 'internal' : 'internet-facing',
      subnets: subnetSet(lb.inputs.subnets),
      idleTimeoutSeconds: lb.inputs.idleTimeout ?? 60,
      dropInvalidHeaderFields: lb.inputs.dropInvalidHeaderFields === true,
      deletionProtection: lb.inputs.enableDeletionProtection === true,
      accessLogs: loadBalancerAccessLogs(ctx, lb),
      cdn: readLoadBalancerDistribution(ctx, lb),
      // Address blocks, or a managed prefix list by its ID (CloudFront's, in front of the load balancer).
      ingress: ((sg.inputs.ingress ?? []) as Inputs[]).flatMap((i) => [...((i.cidrBlocks ?? []) as string[]), ...((i.prefixListIds ?? []) as string[])].map((c) => `${c}:${ports(i)}`)).sort(),
      egress: egressOf(sg),
      listeners: ofType(T.listener)
        .filter((l) => l.inputs.loadBalancerArn === arn)
        .map((l) => {
          return {
            port: l.inputs.port,
            protocol: l.inputs.protocol,
            sslPolicy: l.inputs.sslPolicy ?? null,
            certificate: certificateOf(ctx, l.inputs.certificateArn),
            defaultAction: action(l.inputs.defaultActions[0]),
            rules: ofType(T.rule)
              .filter((r) => r.inputs.listenerArn === byArnValue(l))
              .map((r) => ({
                priority: r.inputs.priority,
                hostHeaders: ((r.inputs.conditions as Inputs[]).find((c) => c.hostHeader)?.hostHeader.values ?? []) as string[],
                pathPatterns: ((r.inputs.conditions as Inputs[]).find((c) => c.pathPattern)?.pathPattern.values ?? []) as string[],
                action: action(r.inputs.actions[0]),
              }))
              .sort((a, b) => a.priority - b.priority),
          };
        })
        .sort((a, b) => a.port - b.port),
    };
  });
}
