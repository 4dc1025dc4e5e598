/*
 * Compliance profiles under every pack at once: each blueprint and fixture,
 * rewritten to ask for hipaa, pci-dss and nist-800-53 (and what the profiles
 * require of it: HTTPS, no written shorter log retention, no unversioned
 * bucket, no standby), synthesizes with no unacknowledged finding under
 * AwsSolutions, HIPAA.Security, PCI.DSS.321 and NIST.800.53.R5. The blueprints
 * in blueprints/ are held to their own profiles by nag.test.ts.
 */
import { buildStack } from '../src/cdk/synth';
import { design } from '../src/design';
import { loadBlueprint } from '../src/load';
import { BLUEPRINTS, FIXTURES } from './support';
import { underEveryProfile } from './support/profiles';
import { findings } from './support/nag';


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
