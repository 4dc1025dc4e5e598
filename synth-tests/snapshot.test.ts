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

  test('synthesizes byte-identically twice (no timestamps, random or volatile values)', () => {
    const again = templateOf(buildStack(loadBlueprint(file)).stack);
    expect(JSON.stringify(again)).toBe(JSON.stringify(synth(file).template));
  });

  test('holds no asset hashes, CDK version metadata or bootstrap rule', () => {
    const text = JSON.stringify(stable(synth(file).template));
    expect(text).not.toMatch(/[0-9a-f]{64}/);
    expect(text).not.toContain('AWS::CDK::Metadata');
    expect(text).not.toContain('BootstrapVersion');
  });
});
