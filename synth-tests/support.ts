import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { buildStack, templateOf } from '../src/cdk/synth';
import { design, type Design } from '../src/design';
import { loadBlueprint } from '../src/load';
import { inventoryFromTemplate } from '../src/parity/cloudformation';
import type { Inventory } from '../src/parity/inventory';

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

type Stack = { region: string; template: Record<string, unknown> };
type Synthesized = { template: Record<string, unknown>; dr?: Stack; standby?: Stack; design: Design };
const cache = new Map<string, Synthesized>();

/**
 * Synthesizes a blueprint in-process with cdk.json's context, as `cdk synth` would (cached per file).
 * `dr` is the disaster-recovery stack's template, `standby` the standby stack's (pilot-light,
 * warm-standby), when the blueprint has them.
 */
export function synth(file: string): Synthesized & { assertions: Template } {
  let hit = cache.get(file);
  if (!hit) {
    const { stack, drStack, standbyStack, design: d } = buildStack(loadBlueprint(file));
    hit = {
      template: templateOf(stack),
      dr: drStack && { region: drStack.region, template: templateOf(drStack) },
      standby: standbyStack && { region: standbyStack.region, template: templateOf(standbyStack) },
      design: d,
    };
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

/** The CloudFormation inventory of a synthesized blueprint: its primary template, with its disaster-recovery and standby templates. */
export function cfnInventory(file: string): Inventory {
  const { template, dr, standby } = synth(file);
  return inventoryFromTemplate(template, dr, standby);
}
