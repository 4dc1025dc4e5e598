/*
 * The cdk-nag bar: every stack of every blueprint and fixture has no
 * unacknowledged finding under AwsSolutionsChecks and the packs its compliance
 * profiles select, and every acknowledgement the design makes is needed (its
 * finding occurs without it), names one rule or finding, and carries a reason.
 */
import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { buildStack } from '../src/cdk/synth';
import { findings } from './support/nag';
import { loadBlueprint } from '../src/load';
import { BLUEPRINTS, FIXTURES } from './support';


/** Every acknowledgement in the tree: the rule or finding ID, where it was made, and why. */
function acknowledgements(root: IConstruct): { id: string; path: string; reason: string }[] {
  return root.node.findAll().flatMap((c) =>
    c.node.metadata
      .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((m) => Object.entries(m.data as Record<string, string>).map(([id, reason]) => ({ id: id.replace(/^annotation::/i, ''), path: c.node.path, reason }))),
  );
}

describe.each([...BLUEPRINTS, ...FIXTURES])('%s', (file) => {
  const built = buildStack(loadBlueprint(file));
  const packs = built.design.security.rulePacks;
  const raw = findings(buildStack(loadBlueprint(file), { acknowledgeFindings: false }).app, packs);

  test(`${packs.join(' + ')}: no finding left unacknowledged`, () => {
    expect(findings(built.app, packs)).toEqual([]);
  });

  test('each acknowledgement is needed: its finding occurs without it, on or under the construct it is made on', () => {
    // The packs' acknowledgements (CloudFormation-Validate::W3010, hard-coded AZ names, is the stack's own: see src/cdk/stack.ts).
    const acks = acknowledgements(built.app).filter((a) => packs.some((p) => a.id.startsWith(`${p}-`)));
    expect(acks.length).toBeGreaterThan(0);
    for (const a of acks) {
      expect({ ack: a.id, path: a.path, found: raw.some((f) => f.rule === a.id && (f.path === a.path || (f.path ?? '').startsWith(`${a.path}/`))) }).toEqual({ ack: a.id, path: a.path, found: true });
      expect(a.reason.length).toBeGreaterThan(40);
    }
  });
});
