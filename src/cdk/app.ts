#!/usr/bin/env node
/*
 * The CDK app behind `npx cdk synth` (cdk.json). The blueprint comes from
 * `-c blueprint=PATH`, default blueprints/web-app.yaml. A blueprint mistake
 * prints file:line:col messages and exits 2, never a stack trace.
 */
import { BlueprintError, loadBlueprint } from '../load';
import { buildStack } from './synth';

const DEFAULT_BLUEPRINT = 'blueprints/web-app.yaml';

function main(): void {
  // The CDK CLI passes -c values to the app through CDK_CONTEXT_JSON; App reads it itself.
  const context = JSON.parse(process.env.CDK_CONTEXT_JSON ?? '{}') as Record<string, unknown>;
  const file = typeof context.blueprint === 'string' ? context.blueprint : DEFAULT_BLUEPRINT;
  try {
    // Context (feature flags) comes from cdk.json through the CDK CLI; validation stays on for the deploy path.
    const { app } = buildStack(loadBlueprint(file), { context: {}, validate: true });
    app.synth();
  } catch (e) {
    if (e instanceof BlueprintError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(2);
    }
    throw e;
  }
}

main();
