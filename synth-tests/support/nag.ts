import type { App } from 'aws-cdk-lib';
import { rulePack } from '../../src/cdk/synth';
import type { RulePack } from '../../src/design';

export type Finding = { rule: string; path?: string };

/** Every finding of these packs in the app (cdk-nag's validateScope), acknowledged ones left out. */
export function findings(app: App, packs: RulePack[]): Finding[] {
  return packs.flatMap((pack) => rulePack(pack).validateScope(app).violations.flatMap((v) => v.violatingResources.map((r) => ({ rule: v.ruleName, path: r.constructPath }))));
}
