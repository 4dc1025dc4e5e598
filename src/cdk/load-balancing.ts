import { Duration, aws_certificatemanager as acm, aws_ec2 as ec2, aws_elasticloadbalancingv2 as elbv2 } from 'aws-cdk-lib';
import { requestCertificate } from './dns';
import { Construct } from 'constructs';
import type { HttpServiceDesign, LoadBalancerDesign, ServiceDesign } from '../design';
import type { AccessLogs } from './access-logs';
import { SUBNET_TYPE } from './network';

/**
 * The one shared internet-facing ALB: listeners, one target group per public
 * service (with its health check) and the host/path rules that route to them.
 */
export class LoadBalancing extends Construct {
  readonly alb: elbv2.ApplicationLoadBalancer;
  readonly securityGroup: ec2.SecurityGroup;
  /** The HTTPS listener (or the HTTP one without TLS): what a VPC link forwards API routes to. */
  readonly listener: elbv2.ApplicationListener;
  /** Target groups by service key; the compute construct registers each service in its own. */
  readonly targetGroups = new Map<string, elbv2.ApplicationTargetGroup>();
  /** The HTTPS listener's certificate (in the stack's region): the distribution in front names it too (load_balancing.public.cdn). */
  readonly certificate?: acm.ICertificate;

  constructor(scope: Construct, id: string, props: { design: LoadBalancerDesign; services: ServiceDesign[]; vpc: ec2.IVpc; accessLogs?: AccessLogs }) {
    super(scope, id);
    const d = props.design;
    const securityGroup = (this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: 'Shared public load balancer',
      // The ALB only opens connections to its registered targets, whose security groups admit
      // only this group. Restricting egress too would cost one resource per service (500 max).
      allowAllOutbound: true,
    }));
    this.alb = new elbv2.ApplicationLoadBalancer(this, 'Alb', {
      vpc: props.vpc,
      internetFacing: d.scheme === 'internet-facing',
      vpcSubnets: { subnetType: SUBNET_TYPE[d.subnets] },
      securityGroup,
      idleTimeout: Duration.seconds(d.idleTimeoutSeconds),
      dropInvalidHeaderFields: d.dropInvalidHeaderFields,
      deletionProtection: d.deletionProtection,
    });
    if (d.accessLogs) {
      if (!props.accessLogs) throw new Error('the load balancer logs access, but the stack has no access-log bucket');
      // aws-cdk-lib grants the region's ELB log delivery in the bucket policy, and makes the load balancer wait for it.
      this.alb.logAccessLogs(props.accessLogs.bucket, d.accessLogs.prefix);
    }
    for (const s of props.services.filter((s): s is HttpServiceDesign => s.kind === 'http' && s.public)) {
      const hc = s.healthCheck!;
      this.targetGroups.set(
        s.key,
        new elbv2.ApplicationTargetGroup(this, `Targets-${s.key}`, {
          vpc: props.vpc,
          port: s.port,
          protocol: elbv2.ApplicationProtocol.HTTP,
          targetType: elbv2.TargetType.IP,
          deregistrationDelay: Duration.seconds(d.deregistrationDelaySeconds),
          healthCheck: {
            path: hc.path,
            interval: Duration.seconds(hc.intervalSeconds),
            healthyThresholdCount: hc.healthyThreshold,
            unhealthyThresholdCount: hc.unhealthyThreshold,
          },
        }),
      );
    }
    const defaultAction = d.defaultService
      ? elbv2.ListenerAction.forward([this.targetGroups.get(d.defaultService)!])
      : elbv2.ListenerAction.fixedResponse(d.notFound.statusCode, { contentType: d.notFound.contentType, messageBody: d.notFound.body });
    let listener: elbv2.ApplicationListener;
    // Assigned below, on either branch.
    if (d.https) {
      const certificate = (this.certificate = d.https.certificateArn
        ? acm.Certificate.fromCertificateArn(this, 'Certificate', d.https.certificateArn)
        : requestCertificate(this, 'Certificate', d.https.domain!, d.https.validationZone));
      listener = this.alb.addListener('Https', {
        port: 443,
        protocol: elbv2.ApplicationProtocol.HTTPS,
        certificates: [certificate],
        sslPolicy: d.https.sslPolicy as elbv2.SslPolicy,
        defaultAction,
        // Behind a CDN the group admits CloudFront's origin-facing addresses only, not the internet.
        open: !d.cdn,
      });
      if (d.cdn) securityGroup.addIngressRule(ec2.Peer.prefixList(d.cdn.originAccess.prefixListId), ec2.Port.tcp(d.cdn.originAccess.port), `From CloudFront (${d.cdn.originAccess.prefixList})`);
      // CloudFront redirects viewers' HTTP itself: no port-80 listener behind a CDN.
      else this.alb.addRedirect({ sourcePort: 80, sourceProtocol: elbv2.ApplicationProtocol.HTTP, targetPort: 443, targetProtocol: elbv2.ApplicationProtocol.HTTPS });
    } else {
      listener = this.alb.addListener('Http', { port: 80, protocol: elbv2.ApplicationProtocol.HTTP, defaultAction });
    }
    this.listener = listener;
    for (const rule of d.rules) {
      const conditions = [
        ...(rule.hostHeaders ? [elbv2.ListenerCondition.hostHeaders(rule.hostHeaders)] : []),
        ...(rule.pathPatterns ? [elbv2.ListenerCondition.pathPatterns(rule.pathPatterns)] : []),
      ];
      new elbv2.ApplicationListenerRule(this, `Rule-${rule.service}`, {
        listener,
        priority: rule.priority,
        conditions,
        action: elbv2.ListenerAction.forward([this.targetGroups.get(rule.service)!]),
      });
    }
  }
}
