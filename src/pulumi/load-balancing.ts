import * as aws from '@pulumi/aws';
import { requestCertificate } from './dns';
import * as pulumi from '@pulumi/pulumi';
import type { HttpServiceDesign, LoadBalancerDesign, ServiceDesign } from '../design';
import type { AccessLogBucket } from './access-logs';
import { fail } from '../fail';

/**
 * The one shared internet-facing ALB: listeners, one target group per public
 * service (with its health check) and the host/path rules (mirrors src/cdk/load-balancing.ts).
 */
export class LoadBalancing extends pulumi.ComponentResource {
  readonly alb: aws.lb.LoadBalancer;
  readonly securityGroup: aws.ec2.SecurityGroup;
  readonly targetGroups = new Map<string, aws.lb.TargetGroup>();
  /** The HTTPS listener (or the HTTP one without TLS): what a VPC link forwards API routes to. */
  readonly listener: aws.lb.Listener;
  /** The HTTPS listener's certificate ARN: the distribution in front names it too (load_balancing.public.cdn). */
  readonly certificateArn?: pulumi.Input<string>;
  /** Listener rules and listeners: the target groups are in use once these exist. */
  readonly attachments: pulumi.Resource[] = [];

  constructor(
    name: string,
    args: { design: LoadBalancerDesign; services: ServiceDesign[]; vpcId: pulumi.Input<string>; subnetIds: pulumi.Input<string>[]; accessLogs?: AccessLogBucket },
    opts?: pulumi.ComponentResourceOptions,
  ) {
    super('blueprint:index:LoadBalancing', name, {}, opts);
    const d = args.design;
    const parent = { parent: this };
    const ports = d.https ? [443, 80] : [80];
    // Behind a CDN: CloudFront's origin-facing addresses only, on 443 (as CDK writes it).
    const a = d.cdn?.originAccess;
    const ingress = a
      ? [{ protocol: 'tcp', fromPort: a.port, toPort: a.port, prefixListIds: [a.prefixListId], description: `From CloudFront (${a.prefixList})` }]
      : ports.map((port) => ({ protocol: 'tcp', fromPort: port, toPort: port, cidrBlocks: ['0.0.0.0/0'], description: `Allow from anyone on port ${port}` }));
    this.securityGroup = new aws.ec2.SecurityGroup(
      `${name}-alb-sg`,
      {
        vpcId: args.vpcId,
        description: 'Shared public load balancer',
        ingress,
        egress: [{ protocol: '-1', fromPort: 0, toPort: 0, cidrBlocks: ['0.0.0.0/0'], description: 'Allow all outbound traffic by default' }],
      },
      parent,
    );
    const logs = d.accessLogs && (args.accessLogs ?? fail('the load balancer logs access, but the stack has no access-log bucket'));
    this.alb = new aws.lb.LoadBalancer(
      `${name}-alb`,
      {
        loadBalancerType: 'application',
        internal: d.scheme !== 'internet-facing',
        subnets: args.subnetIds,
        securityGroups: [this.securityGroup.id],
        idleTimeout: d.idleTimeoutSeconds,
        dropInvalidHeaderFields: d.dropInvalidHeaderFields,
        enableDeletionProtection: d.deletionProtection,
        ...(d.accessLogs && logs ? { accessLogs: { bucket: logs.bucket.bucket, prefix: d.accessLogs.prefix, enabled: true } } : {}),
      },
      // ELB checks that it may write to the bucket: the bucket policy first (CDK's logAccessLogs does the same).
      logs ? { ...parent, dependsOn: logs.policy } : parent,
    );

    for (const s of args.services.filter((s): s is HttpServiceDesign => s.kind === 'http' && s.public)) {
      const hc = s.healthCheck!;
      this.targetGroups.set(
        s.key,
        new aws.lb.TargetGroup(
          `${name}-tg-${s.key}`,
          {
            vpcId: args.vpcId,
            port: s.port,
            protocol: 'HTTP',
            targetType: 'ip',
            deregistrationDelay: d.deregistrationDelaySeconds,
            healthCheck: { path: hc.path, interval: hc.intervalSeconds, healthyThreshold: hc.healthyThreshold, unhealthyThreshold: hc.unhealthyThreshold },
          },
          parent,
        ),
      );
    }

    const defaultActions = [
      d.defaultService
        ? { type: 'forward', targetGroupArn: this.targetGroups.get(d.defaultService)!.arn }
        : { type: 'fixed-response', fixedResponse: { statusCode: String(d.notFound.statusCode), contentType: d.notFound.contentType, messageBody: d.notFound.body } },
    ];
    let listener: aws.lb.Listener;
    if (d.https) {
      const certificateArn = (this.certificateArn = d.https.certificateArn ?? requestCertificate(`${name}-certificate`, d.https.domain!, d.https.validationZone, parent));
      listener = new aws.lb.Listener(
        `${name}-https`,
        { loadBalancerArn: this.alb.arn, port: 443, protocol: 'HTTPS', sslPolicy: d.https.sslPolicy, certificateArn, defaultActions },
        parent,
      );
      // CloudFront redirects viewers' HTTP itself: no port-80 listener behind a CDN.
      if (!d.cdn) this.attachments.push(
        new aws.lb.Listener(
          `${name}-http-redirect`,
          {
            loadBalancerArn: this.alb.arn,
            port: 80,
            protocol: 'HTTP',
            defaultActions: [{ type: 'redirect', redirect: { protocol: 'HTTPS', port: '443', statusCode: 'HTTP_301' } }],
          },
          parent,
        ),
      );
    } else {
      listener = new aws.lb.Listener(`${name}-http`, { loadBalancerArn: this.alb.arn, port: 80, protocol: 'HTTP', defaultActions }, parent);
    }
    this.listener = listener;
    this.attachments.push(listener);

    for (const rule of d.rules) {
      this.attachments.push(
        new aws.lb.ListenerRule(
          `${name}-rule-${rule.service}`,
          {
            listenerArn: listener.arn,
            priority: rule.priority,
            conditions: [
              ...(rule.hostHeaders ? [{ hostHeader: { values: rule.hostHeaders } }] : []),
              ...(rule.pathPatterns ? [{ pathPattern: { values: rule.pathPatterns } }] : []),
            ],
            actions: [{ type: 'forward', targetGroupArn: this.targetGroups.get(rule.service)!.arn }],
          },
          parent,
        ),
      );
    }
    this.registerOutputs({ dnsName: this.alb.dnsName });
  }
}
