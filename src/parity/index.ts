import type { LoadedBlueprint } from '../load';
import { countFacts, diffInventories } from './diff';
import type { Inventory } from './inventory';

export type { Inventory } from './inventory';

export interface ParityResult {
  cdk: Inventory;
  pulumi: Inventory;
  /** One line per differing fact; empty when the backends agree. */
  differences: string[];
  /** How many facts were compared. */
  facts: number;
}

/**
 * Renders a blueprint with both backends (CDK synth, Pulumi under mocks),
 * reads each one's capability inventory back, and compares them.
 */
export async function compareBackends(loaded: LoadedBlueprint): Promise<ParityResult> {
  // Loaded here, not at the top: reading a blueprint must not pay for either backend.
  const { synthesize } = require('../cdk/synth') as typeof import('../cdk/synth');
  const { runUnderMocks } = require('../pulumi/mock-run') as typeof import('../pulumi/mock-run');
  const { inventoryFromTemplate } = require('./cloudformation') as typeof import('./cloudformation');
  const { inventoryFromPulumi } = require('./pulumi') as typeof import('./pulumi');

  const synthesized = synthesize(loaded);
  const cdk = inventoryFromTemplate(synthesized.template, synthesized.dr, synthesized.standby);
  const pulumi = inventoryFromPulumi(await runUnderMocks(synthesized.design));
  return { cdk, pulumi, differences: diffInventories(cdk, pulumi, ['cdk', 'pulumi']), facts: countFacts(cdk) };
}
