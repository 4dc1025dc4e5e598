import { aws_certificatemanager as acm, aws_route53 as route53 } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { DnsDesign, DnsTarget, ZoneRef } from '../design';
import { fail } from '../fail';

/** Where an alias points: a DNS name and the hosted zone AWS serves it from. */
export interface AliasTarget {
  dnsName: string;
  hostedZoneId: string;
}

/**
 * network.dns: one alias record per entry point (`Record-<id>`) in the existing zone, and the health checks
 * that decide DNS failover (`HealthCheck-<id>`). `targets` resolves each design target to what it is now.
 */
export class Dns extends Construct {
  constructor(scope: Construct, id: string, props: { design: DnsDesign; targets: (t: DnsTarget) => AliasTarget }) {
    super(scope, id);
    const d = props.design;
    const checks = new Map<string, route53.CfnHealthCheck>();
    for (const h of d.healthChecks) {
      checks.set(
        h.id,
        new route53.CfnHealthCheck(this, `HealthCheck-${h.id}`, {
          healthCheckConfig: {
            type: h.type,
            fullyQualifiedDomainName: props.targets(h.target).dnsName,
            port: h.port,
            resourcePath: h.path,
            requestInterval: h.requestIntervalSeconds,
            failureThreshold: h.failureThreshold,
            enableSni: h.enableSni,
          },
          healthCheckTags: [{ key: 'Name', value: h.name }],
        }),
      );
    }
    for (const r of d.records) {
      const target = props.targets(r.target);
      const healthCheck = r.failover?.healthCheck;
      new route53.CfnRecordSet(this, `Record-${r.id}`, {
        hostedZoneId: d.zone.id,
        name: `${r.name}.`,
        type: r.type,
        aliasTarget: { dnsName: target.dnsName, hostedZoneId: target.hostedZoneId, evaluateTargetHealth: r.evaluateTargetHealth },
        ...(r.failover
          ? {
              failover: r.failover.role,
              setIdentifier: r.failover.setIdentifier,
              ...(healthCheck ? { healthCheckId: (checks.get(healthCheck) ?? fail(`record ${r.id}: no health check ${healthCheck}`)).attrHealthCheckId } : {}),
            }
          : {}),
      });
    }
  }
}

/** A DNS-validated ACM certificate for `domain`; its validation record is written in `zone` when there is one. */
export function requestCertificate(scope: Construct, id: string, domain: string, zone: ZoneRef | undefined): acm.Certificate {
  const hostedZone = zone && route53.HostedZone.fromHostedZoneAttributes(scope, `${id}Zone`, { hostedZoneId: zone.id, zoneName: zone.name });
  return new acm.Certificate(scope, id, { domainName: domain, validation: acm.CertificateValidation.fromDns(hostedZone) });
}
