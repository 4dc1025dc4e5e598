import { buildStack, templateOf } from '../src/cdk/synth';
import { loadBlueprint } from '../src/load';
import { BLUEPRINTS, FIXTURES, stable, synth } from './support';

describe.each([...BLUEPRINTS, ...FIXTURES])('%s', (file) => {
  test('synthesizes to the snapshot template', () => {
    expect(stable(synth(file).template)).toMatchSnapshot();
  });

  const dr = synth(file).dr;
  if (dr) {
    test(`and its disaster-recovery stack (${dr.region}) to the snapshot template`, () => {
      expect(stable(dr.template)).toMatchSnapshot();
    });
  }

  const standby = synth(file).standby;
  if (standby) {
    test(`and its standby stack (${standby.region}) to the snapshot template`, () => {
      expect(stable(standby.template)).toMatchSnapshot();
    });
  }

  test('synthesizes byte-identically twice (no timestamps, random or volatile values)', () => {
    const again = buildStack(loadBlueprint(file));
    expect(JSON.stringify(templateOf(again.stack))).toBe(JSON.stringify(synth(file).template));
    if (again.standbyStack) expect(JSON.stringify(templateOf(again.standbyStack))).toBe(JSON.stringify(synth(file).standby!.template));
  });

  test('holds no asset hashes, CDK version metadata or bootstrap rule', () => {
    const { template, standby: there } = synth(file);
    const text = JSON.stringify([template, ...(there ? [there.template] : [])].map(stable));
    expect(text).not.toMatch(/[0-9a-f]{64}/);
    expect(text).not.toContain('AWS::CDK::Metadata');
    expect(text).not.toContain('BootstrapVersion');
  });
});
