import type { Blueprint } from '../schema';
import type { CheckIssue } from './checks';
import { inZone } from './dns';

/**
 * Domains belong to network.dns's zone when one is named (the stack writes records nowhere else), no two entry
 * points share a name, and a zone is named only when some entry point has a domain to write in it.
 */
export function checkDns(bp: Blueprint): CheckIssue[] {
  const issues: CheckIssue[] = [];
  const zone = bp.network.dns?.zone;
  const named: [string, (string | number)[]][] = [];
  const lbDomain = bp.security.tls?.domain;
  if (lbDomain) named.push([lbDomain.replace(/^\*\./, ''), ['security', 'tls', 'domain']]);
  for (const [key, a] of Object.entries(bp.apis ?? {})) if (a.domain) named.push([a.domain, ['apis', key, 'domain']]);
  for (const [key, s] of Object.entries(bp.services)) if (s.kind === 'static-site' && s.domain) named.push([s.domain, ['services', key, 'domain']]);

  const seen = new Map<string, string>();
  for (const [name, path] of named) {
    const first = seen.get(name);
    if (first) issues.push({ path, message: `${name} is already ${first}'s name: give each entry point a name of its own (e.g. api.${zone ?? 'example.com'})` });
    else seen.set(name, path.join('.'));
    if (zone && !inZone(name, zone)) issues.push({ path, involves: [['network', 'dns', 'zone']], message: `${name} is not in network.dns.zone (${zone}): the stack writes records and validates certificates in that zone only` });
  }
  const balanced = Object.values(bp.services).some((s) => s.public) && bp.load_balancing.public;
  if (bp.network.dns && !(balanced && lbDomain) && !Object.values(bp.apis ?? {}).some((a) => a.domain) && !Object.values(bp.services).some((s) => s.kind === 'static-site' && s.domain)) {
    issues.push({ path: ['network', 'dns'], at: 'key', message: 'no entry point has a domain to write in this zone: name one with security.tls.domain (the public load balancer\'s) apis.<name>.domain or a static site\'s domain, or remove network.dns' });
  }
  return issues;
}
