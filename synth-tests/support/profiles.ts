import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { dump, load } from 'js-yaml';

const dir = mkdtempSync(path.join(tmpdir(), 'blueprint-profiles-'));

/**
 * A blueprint rewritten as a team would write it under every compliance profile (hipaa, pci-dss,
 * nist-800-53), in a temporary file: what the profiles require of it too (HTTPS, no written shorter log
 * retention, no unversioned bucket, no audit service written off) and no standby or replica, which the
 * stack's customer-managed key does not reach yet (backup-restore instead). Returns the file's path.
 */
export function underEveryProfile(file: string): string {
  const bp = flattened(file);
  bp.requirements = { ...bp.requirements, compliance: ['hipaa', 'pci-dss', 'nist-800-53'] };
  delete bp.requirements.rpo_minutes;
  delete bp.requirements.rto_minutes;
  if (bp.resilience?.dr && !['none', 'backup-restore'].includes(bp.resilience.dr)) bp.resilience.dr = 'backup-restore';
  for (const store of Object.values<Record<string, unknown>>(bp.data ?? {})) {
    delete store.replicate_to_secondary;
    if (store.engine === 's3') delete store.versioned;
  }
  if (bp.observability) delete bp.observability.log_retention_days;
  // A domain in the blueprint's zone, when it names one (network.dns writes records in it only), that no other entry point has.
  bp.security = { ...bp.security, tls: bp.security?.tls ?? { domain: `lb.${bp.network?.dns?.zone ?? 'example.com'}` } };
  delete bp.security.audit;
  // A function's code is relative to the file that writes it: the rewritten file is elsewhere.
  for (const svc of Object.values<Record<string, unknown>>(bp.services ?? {})) {
    if (typeof svc.code === 'string') svc.code = path.relative(dir, svc.code);
    if (typeof svc.source === 'string') svc.source = path.relative(dir, svc.source);
  }
  // So is a GraphQL API's schema file.
  for (const api of Object.values<Record<string, unknown>>(bp.apis ?? {})) {
    if (typeof api.schema === 'string') api.schema = path.relative(dir, api.schema);
  }
  const out = path.join(dir, path.basename(file));
  writeFileSync(out, dump(bp));
  return out;
}

/** A fork merged over the blueprint it extends (mappings merge, anything else the fork's), as the loader does, with code and schema paths (absolute) from each file. */
export function flattened(file: string): Record<string, any> {
  const bp = load(readFileSync(file, 'utf8')) as Record<string, any>;
  for (const svc of Object.values<Record<string, unknown>>(bp.services ?? {})) {
    if (typeof svc.code === 'string') svc.code = path.resolve(path.dirname(file), svc.code);
    if (typeof svc.source === 'string') svc.source = path.resolve(path.dirname(file), svc.source);
  }
  for (const api of Object.values<Record<string, unknown>>(bp.apis ?? {})) {
    if (typeof api.schema === 'string') api.schema = path.resolve(path.dirname(file), api.schema);
  }
  if (typeof bp.extends !== 'string') return bp;
  const { extends: base, ...fork } = bp;
  return merge(flattened(path.resolve(path.dirname(file), base)), fork);
}

function merge(a: any, b: any): any {
  if (!a || !b || typeof a !== 'object' || typeof b !== 'object' || Array.isArray(a) || Array.isArray(b)) return b;
  const out = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = k in a ? merge(a[k], v) : v;
  return out;
}
