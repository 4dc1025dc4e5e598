/*
 * Compliance profiles under every pack at once: each blueprint and fixture,
 * rewritten to ask for hipaa, pci-dss and nist-800-53 (and what the profiles
 * require of it: HTTPS, no written shorter log retention, no unversioned
 * bucket, no standby), synthesizes with no unacknowledged finding under
 * AwsSolutions, HIPAA.Security, PCI.DSS.321 and NIST.800.53.R5. The blueprints
 * in blueprints/ are held to their own profiles by nag.test.ts.
 */
import { buildStack, templateOf } from '../src/cdk/synth';
import { design } from '../src/design';
import { loadBlueprint } from '../src/load';
import { BLUEPRINTS, FIXTURES } from './support';
import { underEveryProfile } from './support/profiles';
import { findings } from './support/nag';


const buildStackTemplate = (file: string) => (templateOf(buildStack(loadBlueprint(file)).stack) as { Resources: Record<string, { Type: string }> }).Resources;

describe.each([...BLUEPRINTS, ...FIXTURES])('%s under hipaa, pci-dss and nist-800-53', (file) => {
  const variant = underEveryProfile(file);

  test('the design selects every pack and switches the stricter decisions on', () => {
    const d = design(loadBlueprint(variant).blueprint);
    expect(d.security).toMatchObject({ profiles: ['hipaa', 'nist-800-53', 'pci-dss'], rulePacks: ['AwsSolutions', 'HIPAA.Security', 'NIST.800.53.R5', 'PCI.DSS.321'], encryption: 'customer-managed', hardened: true });
    expect(d.observability.logRetentionDays).toBe(2192);
    expect(d.audit).toMatchObject({ trail: expect.anything(), guardDuty: expect.anything(), config: expect.anything() });
    // FSBP, and the standards of the profiles Security Hub has one for (none for HIPAA).
    expect(d.audit?.securityHub?.standards).toEqual(['standards/aws-foundational-security-best-practices/v/1.0.0', 'standards/nist-800-53/v/5.0.0', 'standards/pci-dss/v/3.2.1']);
  });

  test('Security Hub subscribes to each standard under a name of its own, never a position', () => {
    const resources = Object.entries(buildStackTemplate(variant)).filter(([, r]) => r.Type === 'AWS::SecurityHub::Standard');
    expect(resources.map(([id]) => id.replace(/[0-9A-F]{8}$/, '')).sort()).toEqual(['AuditStandard0', 'AuditStandardnist-800-53', 'AuditStandardpci-dss'].map((x) => x.replace(/-/g, '')).sort());
  });

  test('no finding left unacknowledged under any pack', () => {
    const built = buildStack(loadBlueprint(variant));
    expect(findings(built.app, built.design.security.rulePacks)).toEqual([]);
  });
});
