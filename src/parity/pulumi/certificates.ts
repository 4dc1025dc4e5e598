/*
 * A certificate a listener or an API domain names, read from a mock run: "requested:<domain>" for an
 * aws.acm.Certificate of the program (" validated in <zone id>" when its validation record, the one an
 * aws.acm.CertificateValidation waits for, is written in a zone), else the ARN as given.
 */
import { mockOutputs } from '../../pulumi/mock-values';
import type { Context, R } from './context';
import { T } from './resource-types';

/** What names the certificate whose ARN (or validated ARN) is `arn`; null for none. */
export function certificateOf(ctx: Context, arn: unknown): string | null {
  if (arn === undefined || arn === null) return null;
  const cert = ctx.ofType(T.certificate).find((c) => ctx.byArnValue(c) === arn);
  if (!cert) return String(arn);
  if (cert.inputs.validationMethod !== 'DNS') throw new Error(`parity: certificate ${cert.name}: the inventory reads DNS-validated certificates only`);
  const zone = validationZoneOf(ctx, cert);
  return `requested:${cert.inputs.domainName}${zone ? ` validated in ${zone}` : ''}`;
}

/** The zone a certificate's validation record is written in, or undefined when nothing validates it. */
function validationZoneOf(ctx: Context, cert: R): string | undefined {
  const validations = ctx.ofType(T.certificateValidation).filter((v) => v.inputs.certificateArn === ctx.byArnValue(cert));
  if (validations.length > 1) throw new Error(`parity: certificate ${cert.name} is validated twice`);
  if (!validations.length) return undefined;
  const fqdns = (validations[0].inputs.validationRecordFqdns ?? []) as string[];
  // Waiting for a validation whose record is written elsewhere (by whoever owns the domain).
  if (!fqdns.length) return undefined;
  if (fqdns.length !== 1) throw new Error(`parity: ${validations[0].name} waits for ${fqdns.length} records; the inventory reads one`);
  const record = validationRecords(ctx).find((r) => String(r.inputs.name).replace(/\.$/, '') === fqdns[0]);
  if (!record) throw new Error(`parity: ${validations[0].name} waits for ${fqdns[0]}, which no record writes`);
  // What ACM asks for: the mocks' answer (an output, not an input the run records).
  const option = ((mockOutputs(T.certificate, cert.name, ctx.regionOf(cert), cert.inputs).domainValidationOptions ?? []) as { resourceRecordName?: string }[])[0];
  if (option?.resourceRecordName !== record.inputs.name) throw new Error(`parity: ${record.name} is not the validation record ACM asks ${cert.name} for`);
  return ctx.must(record.inputs.zoneId as string | undefined, `the zone of ${record.name}`);
}

/** The records that answer ACM's validation: CNAMEs with plain values (alias records are the stack's own, dns.ts). */
export function validationRecords(ctx: Context): R[] {
  return ctx.ofType(T.dnsRecord).filter((r) => r.inputs.type === 'CNAME' && r.inputs.aliases === undefined);
}
