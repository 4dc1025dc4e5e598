import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { buildStack, templateOf } from '../src/cdk/synth';
import { design, type Design } from '../src/design';
import { loadBlueprint } from '../src/load';

/** Every blueprint in blueprints/: each must validate, synthesize and be snapshot-tested. */
export const BLUEPRINTS = readdirSync('blueprints')
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map((f) => path.join('blueprints', f));

/** Fixtures that exercise what no reference blueprint has yet (data stores, jobs, no NAT). */
export const FIXTURES = readdirSync('synth-tests/fixtures')
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map((f) => path.join('synth-tests', 'fixtures', f));

type Synthesized = { template: Record<string, unknown>; dr?: { region: string; template: Record<string, unknown> }; design: Design };
const cache = new Map<string, Synthesized>();

/**
 * Synthesizes a blueprint in-process with cdk.json's context, as `cdk synth` would (cached per file).
 * `dr` is the disaster-recovery stack's template, when the blueprint has one.
 */
export function synth(file: string): Synthesized & { assertions: Template } {
  let hit = cache.get(file);
  if (!hit) {
    const { stack, drStack, design: d } = buildStack(loadBlueprint(file));
    hit = { template: templateOf(stack), dr: drStack && { region: drStack.region, template: templateOf(drStack) }, design: d };
    cache.set(file, hit);
  }
  return { ...hit, assertions: Template.fromJSON(hit.template) };
}

export function designOf(file: string): Design {
  return design(loadBlueprint(file).blueprint);
}

/**
 * What a snapshot may hold: asset hashes (the custom-resource handler's S3 key)
 * change with every aws-cdk-lib release, so they become a placeholder.
 */
export function stable(template: unknown): unknown {
  return JSON.parse(JSON.stringify(template).replace(/"[0-9a-f]{64}\.zip"/g, '"<asset-hash>.zip"'));
}
