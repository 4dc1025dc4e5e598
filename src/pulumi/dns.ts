import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import type { DnsDesign, DnsTarget, ZoneRef } from '../design';
import { fail } from '../fail';

/** Where an alias points: a DNS name and the hosted zone AWS serves it from. */
export interface AliasTarget {
  dnsName: pulumi.Input<string>;
  hostedZoneId: pulumi.Input<string>;
}

/**
 * network.dns: one alias record per entry point in the existing zone, and the health checks that decide DNS
 * failover (mirrors src/cdk/dns.ts). `targets` resolves each design target to what it is now.
 */
export class Dns extends pulumi.ComponentResource {
  constructor(name: string, args: { design: DnsDesign; targets: (t: DnsTarget) => AliasTarget }, opts?: pulumi.ComponentResourceOptions) {
    super('blueprint:index:Dns', name, {}, opts);
    const parent = { parent: this };
    const d = args.design;
    const checks = new Map<string, aws.route53.HealthCheck>();
    for (const h of d.healthChecks) {
      checks.set(
        h.id,
        new aws.route53.HealthCheck(
          `${name}-health-check-${h.id}`,
          {
            type: h.type,
            fqdn: args.targets(h.target).dnsName,
            port: h.port,
            resourcePath: h.path,
            requestInterval: h.requestIntervalSeconds,
            failureThreshold: h.failureThreshold,
            enableSni: h.enableSni,
            tags: { Name: h.name },
          },
          parent,
        ),
      );
    }
    for (const r of d.records) {
      const target = args.targets(r.target);
      const healthCheck = r.failover?.healthCheck;
      new aws.route53.Record(
        `${name}-record-${r.id}`,
        {
          zoneId: d.zone.id,
          name: `${r.name}.`,
          type: r.type,
          aliases: [{ name: target.dnsName, zoneId: target.hostedZoneId, evaluateTargetHealth: r.evaluateTargetHealth }],
          ...(r.failover
            ? {
                failoverRoutingPolicies: [{ type: r.failover.role }],
                setIdentifier: r.failover.setIdentifier,
                ...(healthCheck ? { healthCheckId: (checks.get(healthCheck) ?? fail(`record ${r.id}: no health check ${healthCheck}`)).id } : {}),
              }
            : {}),
        },
        parent,
      );
    }
    this.registerOutputs({});
  }
}

/**
 * A DNS-validated ACM certificate for `domain`, as its ARN once it is issued, as CloudFormation waits: with a
 * zone, its validation record is written there; without, whoever owns the domain writes it.
 */
export function requestCertificate(name: string, domain: string, zone: ZoneRef | undefined, opts: pulumi.CustomResourceOptions, tags?: Record<string, string>): pulumi.Output<string> {
  const certificate = new aws.acm.Certificate(name, { domainName: domain, validationMethod: 'DNS', ...(tags ? { tags } : {}) }, opts);
  if (!zone) return new aws.acm.CertificateValidation(`${name}-validated`, { certificateArn: certificate.arn }, opts).certificateArn;
  const option = certificate.domainValidationOptions.apply((o) => o[0] ?? fail(`certificate ${name}: ACM gave no validation record`));
  const validation = new aws.route53.Record(
    `${name}-validation`,
    // Overwritten, not refused: the standby's certificate for the same name asks for the same record.
    { zoneId: zone.id, name: option.resourceRecordName, type: option.resourceRecordType, records: [option.resourceRecordValue], ttl: 300, allowOverwrite: true },
    opts,
  );
  return new aws.acm.CertificateValidation(`${name}-validated`, { certificateArn: certificate.arn, validationRecordFqdns: [validation.fqdn] }, opts).certificateArn;
}
