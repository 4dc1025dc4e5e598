/*
 * A certificate a listener or an API domain names, read from a CloudFormation template: "requested:<domain>"
 * for a DNS-validated AWS::CertificateManager::Certificate of the template (" validated in <zone id>" when
 * CloudFormation writes its validation record in a zone), else the literal ARN.
 */
import type { Context } from './context';
import { T } from './resource-types';
import { fail, list, obj, refOf } from './template';

/** What names the certificate `v` (a reference or an ARN): the certificate is then read (checkCertificatesUsed). */
export function certificate(x: Context, v: unknown, where: string): string {
  const { t, r } = x;
  if (!refOf(v)) return r.str(v, where);
  const c = t.target(v, [T.certificate], where);
  const p = t.props(c);
  const validation = p.ValidationMethod ?? 'EMAIL';
  if (validation !== 'DNS') fail(t.where(c), `is validated by ${JSON.stringify(validation)}; "requested:<domain>" means a DNS-validated certificate`);
  if (list(p.SubjectAlternativeNames, t.where(c, 'SubjectAlternativeNames')).length) fail(t.where(c), 'has SubjectAlternativeNames, which the inventory does not record');
  x.certificatesRead.add(c);
  const domain = r.str(p.DomainName, t.where(c, 'DomainName'));
  const options = list(p.DomainValidationOptions, t.where(c, 'DomainValidationOptions'));
  if (options.length > 1) fail(t.where(c, 'DomainValidationOptions'), 'has more than one; the inventory records the domain\'s own');
  if (!options.length) return `requested:${domain}`;
  const o = obj(options[0], t.where(c, 'DomainValidationOptions[0]'));
  if (r.str(o.DomainName, t.where(c, 'DomainValidationOptions[0].DomainName')) !== domain) fail(t.where(c, 'DomainValidationOptions[0]'), `validates another domain than ${domain}`);
  return `requested:${domain} validated in ${r.str(o.HostedZoneId, t.where(c, 'DomainValidationOptions[0].HostedZoneId'))}`;
}

/** Every certificate of the template is named by something the readers read: a listener, an API domain or a distribution. */
export function checkCertificatesUsed(x: Context): void {
  for (const c of x.t.ofType(T.certificate)) if (!x.certificatesRead.has(c)) fail(x.t.where(c), 'is used by no listener, API domain or distribution');
}
