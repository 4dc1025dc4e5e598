import { App, CfnResource, Stack, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks, type NagPack } from 'cdk-nag';
import type { RulePack } from '../design';
import { design as designOf, type Design } from '../design';
import { BlueprintError, type LoadedBlueprint } from '../load';
import { locate } from '../load/validate';
import { cdkJsonContext } from './context';
import { DisasterRecoveryStack } from './dr-stack';
import { BlueprintStack } from './stack';
import { byText } from '../text';

// CloudFormation's limit; aws-cdk-lib refuses to synthesize more.
export const MAX_RESOURCES = 500;

export interface SynthResult {
  stackName: string;
  template: Record<string, unknown>;
  /** The disaster-recovery stack in the secondary region, when anything lives there (design.resilience.secondary). */
  dr?: { stackName: string; region: string; template: Record<string, unknown> };
  /** The standby in the secondary region (pilot-light, warm-standby: design.standby), `<name>-standby`. */
  standby?: { stackName: string; region: string; template: Record<string, unknown> };
  /** The design the stacks render (so that a caller rendering it again, e.g. with Pulumi, need not design twice). */
  design: Design;
}

export interface BuildOptions {
  /** CDK context; defaults to cdk.json's, so feature flags match `npx cdk synth`. */
  context?: Record<string, unknown>;
  /**
   * Run aws-cdk-lib's built-in WASM template validation (2.5-3 s a synth
   * here). `npx cdk synth` keeps it; tests rely on cfn-lint instead.
   */
  validate?: boolean;
  /** Acknowledge the findings the design accepts (default true); false shows every rule-pack finding. */
  acknowledgeFindings?: boolean;
  /** Run cdk-nag's AwsSolutionsChecks at synth (default true): an unacknowledged finding fails the synth. */
  rulePacks?: boolean;
}

/** Builds the app and stack of a loaded blueprint, without synthesizing. */
export function buildStack(
  loaded: LoadedBlueprint,
  options: BuildOptions = {},
): { app: App; stack: BlueprintStack; drStack?: DisasterRecoveryStack; standbyStack?: BlueprintStack; design: Design } {
  const design = designOf(loaded.blueprint);
  const app = new App({
    analyticsReporting: false,
    context: options.context ?? cdkJsonContext(),
    builtinCloudFormationValidation: options.validate ?? false,
  });
  // The rule packs run at every synth (CDK's validation plugins): a finding the design does not accept fails it.
  if (options.rulePacks !== false) Validations.of(app).addPlugins(...design.security.rulePacks.map((p) => rulePack(p, app)));
  const stack = new BlueprintStack(app, design.name, { design, acknowledgeFindings: options.acknowledgeFindings });
  assertWithinLimit(stack, loaded);
  let drStack: DisasterRecoveryStack | undefined;
  const secondary = design.resilience.secondary;
  if (secondary) {
    drStack = new DisasterRecoveryStack(app, `${design.name}-dr`, { design });
    // The recovery vault and the replicas must exist before a backup is copied or an object replicated into them
    // (S3 refuses a replication rule whose destination bucket is missing or unversioned).
    const reasons = [secondary.recoveryVault && 'backups are copied into its vault', secondary.replicas.length && 'buckets replicate into its replicas'].filter(Boolean);
    stack.addStackDependency(drStack, reasons.join('; '));
  }
  let standbyStack: BlueprintStack | undefined;
  if (design.standby) {
    // The same system in the secondary region, rendered like the primary from a design of its own.
    standbyStack = new BlueprintStack(app, design.standby.name, { design: design.standby, acknowledgeFindings: options.acknowledgeFindings });
    assertWithinLimit(standbyStack, loaded);
    standbyStack.addStackDependency(stack, "its secondary clusters join the primary's global databases, its tasks read the replicas of its secrets and tables");
  }
  return { app, stack, drStack, standbyStack, design };
}

/** cdk-nag's pack for a design's rule pack: AwsSolutions always, and each compliance profile's. */
export function rulePack(pack: RulePack, app?: App): NagPack {
  switch (pack) {
    case 'AwsSolutions':
      return new AwsSolutionsChecks(app);
    case 'HIPAA.Security':
      return new HIPAASecurityChecks(app);
    case 'PCI.DSS.321':
      return new PCIDSS321Checks(app);
    case 'NIST.800.53.R5':
      return new NIST80053R5Checks(app);
  }
}

/** Designs and synthesizes a loaded blueprint into its CloudFormation template. */
export function synthesize(loaded: LoadedBlueprint, options: { validate?: boolean } = {}): SynthResult {
  const { stack, drStack, standbyStack, design } = buildStack(loaded, { validate: options.validate });
  return {
    design,
    stackName: stack.stackName,
    template: templateOf(stack),
    dr: drStack && { stackName: drStack.stackName, region: drStack.region, template: templateOf(drStack) },
    standby: standbyStack && { stackName: standbyStack.stackName, region: standbyStack.region, template: templateOf(standbyStack) },
  };
}

/** Synthesizes the stack's app and returns the CloudFormation template, as `cdk synth` writes it. */
export function templateOf(stack: Stack): Record<string, unknown> {
  const app = stack.node.root as App;
  return app.synth().getStackByName(stack.stackName).template as Record<string, unknown>;
}

/**
 * A stack over CloudFormation's resource limit fails at deploy (or inside CDK
 * with a stack trace); say it up front, with the count and what contributes most.
 */
function assertWithinLimit(stack: Stack, loaded: LoadedBlueprint): void {
  const resources = stack.node.findAll().filter((c) => c instanceof CfnResource);
  if (resources.length <= MAX_RESOURCES) return;
  const byOwner = new Map<string, number>();
  for (const r of resources) {
    const owner = r.node.scopes.slice(2, 4).map((s) => s.node.id).join('/') || r.node.id;
    byOwner.set(owner, (byOwner.get(owner) ?? 0) + 1);
  }
  const largest = [...byOwner.entries()].sort((a, b) => b[1] - a[1] || byText(a[0], b[0])).slice(0, 5);
  throw new BlueprintError([
    {
      ...locate(loaded.origins, ['services'], 'key'),
      path: 'services',
      message:
        `the stack would have ${resources.length} resources; CloudFormation allows at most ${MAX_RESOURCES} per stack ` +
        `(largest: ${largest.map(([k, n]) => `${k} ${n}`).join(', ')}). Split the blueprint into several blueprints; multi-stack output comes later`,
    },
  ]);
}
