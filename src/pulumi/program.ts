import * as path from 'node:path';
import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { design as designOf, type Design } from '../design';
import { BlueprintError, loadBlueprint } from '../load';
import { locate } from '../load/validate';
import { PRIMARY_PROVIDER, RECOVERY_PROVIDER } from './providers';
import { BlueprintStack } from './stack';

export const DEFAULT_BLUEPRINT = 'blueprints/web-app.yaml';

/**
 * The Pulumi program: the blueprint named by `blueprint:file` (default
 * blueprints/web-app.yaml), designed and rendered in the blueprint's region.
 * A blueprint mistake becomes a RunError, which Pulumi prints without a stack trace.
 */
export function blueprintProgram(): { design: Design; stack: BlueprintStack } {
  const written = new pulumi.Config('blueprint').get('file') ?? DEFAULT_BLUEPRINT;
  // Relative to the project (where Pulumi.yaml is), whatever folder the program runs in.
  // (Under mocks the root directory is a placeholder, not a path: then the working directory.)
  const projectRoot = pulumi.runtime.getRootDirectory();
  const root = path.isAbsolute(projectRoot) ? projectRoot : process.cwd();
  const file = path.relative(process.cwd(), path.resolve(root, written)) || written;
  let loaded;
  try {
    loaded = loadBlueprint(file);
  } catch (e) {
    if (e instanceof BlueprintError) throw new pulumi.RunError(`blueprint ${file} is not valid:\n${e.message}`);
    throw e;
  }
  const design = designOf(loaded.blueprint);
  const configured = new pulumi.Config('aws').get('region');
  if (configured && configured !== design.region) {
    const at = locate(loaded.origins, ['requirements', 'regions', 'primary']);
    throw new pulumi.RunError(
      `aws:region is ${configured}, but the blueprint deploys to ${design.region} (${at.file}:${at.line}:${at.col}  requirements.regions.primary). ` +
        'The region comes from the blueprint: run `pulumi config rm aws:region`, or change the blueprint.',
    );
  }
  return { design, stack: renderDesign(design) };
}


/**
 * Renders a design with an explicit provider in the design's region, tagging every resource that takes tags.
 * A standby (pilot-light, warm-standby) is a second stack, named after it, on the secondary region's
 * provider, rendered after the primary: its clusters join the primary's global databases.
 */
export function renderDesign(design: Design): BlueprintStack {
  const provider = new aws.Provider(PRIMARY_PROVIDER, { region: design.region as aws.Region, defaultTags: { tags: design.tags } });
  // What lives in the secondary region (the vault backups are copied into, the replicas of buckets, the standby) uses a provider of its own.
  const secondaryRegion = design.resilience.secondary?.region ?? design.standby?.region;
  const recoveryProvider = secondaryRegion === undefined ? undefined : new aws.Provider(RECOVERY_PROVIDER, { region: secondaryRegion as aws.Region, defaultTags: { tags: design.tags } });
  const stack = new BlueprintStack(design.name, { design, recoveryProvider }, { providers: [provider] });
  const standby = design.standby;
  if (standby) {
    if (!recoveryProvider || secondaryRegion !== standby.region) throw new Error(`standby ${standby.name}: it lives in the secondary region, ${standby.region}, whose provider the design has not`);
    const globalClusters = [...(stack.data?.globalDatabases.values() ?? [])].map((g) => g.globalCluster);
    new BlueprintStack(standby.name, { design: standby, primary: stack }, { providers: [recoveryProvider], dependsOn: globalClusters });
  }
  return stack;
}
