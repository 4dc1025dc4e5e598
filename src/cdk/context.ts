import { readFileSync } from 'node:fs';
import * as path from 'node:path';

/** The project root: where package.json and cdk.json live (two levels above dist/cdk and src/cdk). */
export const PROJECT_ROOT = path.resolve(__dirname, '..', '..');

/**
 * cdk.json's context (feature flags), so an in-process synth (CLI, tests)
 * renders exactly what `npx cdk synth` renders.
 */
export function cdkJsonContext(): Record<string, unknown> {
  const json = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'cdk.json'), 'utf8')) as { context?: Record<string, unknown> };
  return json.context ?? {};
}
