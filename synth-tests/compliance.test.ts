/*
 * Compliance profiles under every pack at once: each blueprint and fixture,
 * rewritten to ask for hipaa, pci-dss and nist-800-53 (and what the profiles
 * require of it: HTTPS, no written shorter log retention, no unversioned
 * bucket, no standby), synthesizes with no unacknowledged finding under
 * AwsSolutions, HIPAA.Security, PCI.DSS.321 and NIST.800.53.R5. The blueprints
 * in blueprints/ are held to their own profiles by nag.test.ts.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { load, dump } from 'js-yaml';
import { buildStack } from '../src/cdk/synth';
import { design } from '../src/design';
import { loadBlueprint } from '../src/load';
import { BLUEPRINTS, FIXTURES } from './support';
import { findings } from './support/nag';

const dir = mkdtempSync(path.join(tmpdir(), 'blueprint-compliance-'));

/** The blueprint as a team would write it under every profile. */
function underEveryProfile(file: string): string {
  const bp = load(readFileSync(file, 'utf8')) as Record<string, any>;
  bp.requirements = { ...bp.requirements, compliance: ['hipaa', 'pci-dss', 'nist-800-53'] };
  // Customer-managed keys do not reach a standby yet (checks say so): recover from backups instead.
  delete bp.requirements.rpo_minutes;
  delete bp.requirements.rto_minutes;
  if (bp.resilience?.dr && !['none', 'backup-restore'].includes(bp.resilience.dr)) bp.resilience.dr = 'backup-restore';
  for (const store of Object.values<Record<string, unknown>>(bp.data ?? {})) {
    delete store.replicate_to_secondary;
    if (store.engine === 's3') delete store.versioned;
  }
  if (bp.observability) delete bp.observability.log_retention_days;
  bp.security = { ...bp.security, tls: bp.security?.tls ?? { domain: 'app.example.com' } };
  delete bp.security.audit;
  const out = path.join(dir, path.basename(file));
  writeFileSync(out, dump(bp));
  return out;
}

describe.each([...BLUEPRINTS, ...FIXTURES])('%s under hipaa, pci-dss and nist-800-53', (file) => {
  const variant = underEveryProfile(file);

  test('the design selects every pack and switches the stricter decisions on', () => {
    const d = design(loadBlueprint(variant).blueprint);
    expect(d.security).toMatchObject({ profiles: ['hipaa', 'nist-800-53', 'pci-dss'], rulePacks: ['AwsSolutions', 'HIPAA.Security', 'NIST.800.53.R5', 'PCI.DSS.321'], encryption: 'customer-managed', hardened: true });
    expect(d.observability.logRetentionDays).toBe(2192);
    expect(d.audit).toMatchObject({ trail: expect.anything(), guardDuty: expect.anything(), securityHub: expect.anything(), config: expect.anything() });
  });

  test('no finding left unacknowledged under any pack', () => {
    const built = buildStack(loadBlueprint(variant));
    expect(findings(built.app, built.design.security.rulePacks)).toEqual([]);
  });
});
