import { readFileSync } from 'node:fs';
import * as nodePath from 'node:path';
import { design } from '../../design';
import { cents, estimateFacts, largestLines } from '../../cost/estimate';
import { compare, comparisonMarkdown, comparisonTable } from '../../cost/compare';
import { factsFromInventory } from '../../cost/facts-inventory';
import { peakRpsOf } from '../../cost/facts';
import { factsFromPulumi, resourcesOfPreview, type PulumiResource } from '../../cost/facts-pulumi';
import type { Estimate } from '../../cost/types';
import type { PriceSnapshot } from '../../cost/prices';
import { inventoryFromTemplate } from '../../parity/cloudformation';
import type { Inventory } from '../../parity/inventory';
import { loadBlueprint } from '../../load';
import { estimateDesign } from '../../cost/estimate';
import { costMarkdown, costTable } from '../../cost/format';
import { pricedRegions, pricesFor } from '../../cost/prices';
import { usageFor, usageOfBlueprint, USAGE_KEYS } from '../../cost/usage';
import { readUsageFile } from '../usage-file';
import { UsageError, CliError, EXIT } from '../errors';
import { expectPositionals } from '../args';
import { defineCommand } from '../command';
import { displayPath, fsReason, print, printError } from '../output';

function snapshot(region: string): PriceSnapshot {
  const prices = pricesFor(region);
  if (!prices) throw new CliError(`no price snapshot for ${region}; the repository has ${pricedRegions().join(', ')}`, `Build one with: blueprint prices refresh --region ${region} (AWS credentials needed; see README, Cost).`);
  return prices;
}

/** A synthesized template as an inventory; its name from the file name, its region from its subnets' AZs. */
function readTemplateFile(file: string): { name: string; region: string; inventory: Inventory } {
  let template: Record<string, unknown>;
  try {
    template = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch (e) {
    throw new CliError(`cannot read template ${displayPath(file)}: ${e instanceof SyntaxError ? `not JSON (${e.message})` : fsReason(e)}`);
  }
  let inventory: Inventory;
  try {
    inventory = inventoryFromTemplate(template);
  } catch (e) {
    throw new CliError(`template ${displayPath(file)}: ${(e as Error).message}`, 'Blueprint prices the templates it synthesizes (blueprint synth -o DIR).');
  }
  const az = inventory.network.azs[0];
  if (!az) throw new CliError(`template ${displayPath(file)}: no subnets, so no region to price it in`);
  return { name: nodePath.basename(file).replace(/\.template\.json$|\.json$/, ''), region: az.replace(/[a-z]$/, ''), inventory };
}

/** A preview document's resources; the blueprint's name from its Stack component, the region from the primary provider. */
function readPreviewFile(file: string): { name: string; region: string; resources: PulumiResource[] } {
  let resources: PulumiResource[];
  try {
    resources = resourcesOfPreview(JSON.parse(readFileSync(file, 'utf8')));
  } catch (e) {
    throw new CliError(`cannot read preview ${displayPath(file)}: ${e instanceof SyntaxError ? `not JSON (${e.message})` : (e as NodeJS.ErrnoException).code ? fsReason(e) : (e as Error).message}`, 'Write it with: pulumi preview --json > FILE');
  }
  const stacks = resources.filter((r) => r.type === 'blueprint:index:Stack').map((r) => r.name);
  // The primary's name: a standby's is the primary's with -standby after it.
  const name = [...stacks].sort((a, b) => a.length - b.length)[0];
  const region = resources.find((r) => r.type === 'pulumi:providers:aws' && r.name !== 'aws-recovery' && typeof r.inputs.region === 'string')?.inputs.region as string | undefined;
  if (!name || !region) throw new CliError(`preview ${displayPath(file)}: not a Blueprint program's preview (no blueprint:index:Stack component or no AWS provider with a region)`);
  return { name, region, resources };
}

/** The exit code of an estimate above the budget. */
export const OVER_BUDGET = 3;

/** Why the estimate is over: by how much, and the lines that weigh most. */
function overBudget(e: Estimate, budget: number): string {
  const largest = largestLines(e, 3).map((l) => `${l.resource} ${l.component} $${cents(l.monthlyUsd!).toFixed(2)}`);
  return `blueprint cost: over budget: about $${e.totals.monthly.toFixed(2)} a month, above the budget of $${budget.toFixed(2)} (cost.budget_usd_month) by $${cents(e.totals.monthly - budget).toFixed(2)}; largest: ${largest.join('; ')}`;
}

/** Words into lines of at most `width` characters. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const word of text.split(' ')) {
    const last = lines.at(-1);
    if (last !== undefined && last.length + 1 + word.length <= width) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines;
}

export const command = defineCommand({
  description: [
    'Estimates what FILE costs a month, offline, from its design and the price',
    'snapshot in the repository (src/cost/prices/<region>.json): one line per',
    'billable quantity of each resource, the totals per concern (network,',
    'compute, data, security, observability), at the expected load',
    '(average_load_percent of peak, 30 % by default), with what the same design',
    'costs idle and at peak all month.',
    '',
    'Each line says its assumption: fixed (hours from the design: NAT gateways,',
    'the load balancer, database and cache instances, keys, secrets, alarms),',
    'load (tasks scaled to the load between min and max, requests, bytes,',
    'messages), data (what each store holds: its own growth for storage_months),',
    'activity (audit events) or schedule (job runs). Quantities come from usage',
    'assumptions derived from the requirements (average load from peak_rps,',
    "each store's share of data_growth_gb_month) or defaults, printed below the",
    'table; a --usage FILE (YAML, assumption: number) overrides any of them. A',
    'line whose price the snapshot lacks is listed as unpriced and left out of',
    'the totals. --template prices a synthesized',
    'CloudFormation template the same way (one stack; the same lines and totals',
    'as its blueprint, given the same assumptions), --pulumi-preview a',
    '`pulumi preview --json` document of the Pulumi program. --compare BASE FORK',
    'shows what a fork costs against its base, line by line. The assumptions:',
    ...wrap(USAGE_KEYS.join(', '), 78).map((l) => `  ${l}`),
  ].join('\n'),
  options: {
    json: { type: 'boolean', description: 'Print the estimate as JSON (lines with their assumption and idle-peak range, totals, unpriced keys, usage assumptions).' },
    markdown: { type: 'boolean', description: 'Print the estimate as Markdown tables (for a pull request comment).' },
    usage: { type: 'string', placeholder: 'FILE', description: 'A YAML file of usage assumptions that replace the derived ones.' },
    compare: { type: 'boolean', description: 'Compare two blueprints, BASE and FORK (e.g. a shared blueprint and a team\'s fork of it): the lines that differ, each side and the difference, and the totals.' },
    template: {
      type: 'string',
      placeholder: 'FILE',
      description: 'Price a synthesized CloudFormation template (e.g. cdk.out/NAME.template.json) instead of a blueprint: that one stack, read as the parity inventory reads it; its region from its subnets.',
    },
    'pulumi-preview': {
      type: 'string',
      placeholder: 'FILE',
      description: 'Price a `pulumi preview --json` document of the Blueprint Pulumi program instead of a blueprint (values unknown before deploy are not needed); its name and region from its resources.',
    },
  },
  exitCodes: [
    [0, 'the estimate was printed (and is within the budget, when there is one)'],
    [1, 'usage error, an unreadable or invalid --usage file, no price snapshot for the region, or internal error'],
    [2, 'FILE is not a valid blueprint (problems on stderr)'],
    [3, 'the estimate is above the budget (cost.budget_usd_month, or the budget of the template or preview): the estimate is printed, the largest lines on stderr'],
  ],
  examples: ['blueprint cost blueprints/web-app.yaml', 'blueprint cost --compare blueprints/web-app.yaml shop-staging.yaml', 'blueprint cost blueprints/web-app.yaml --usage usage.yaml --markdown', 'blueprint cost blueprints/web-app.yaml --json'],
  run({ values, positionals }) {
    if (values.json && values.markdown) throw new UsageError('--json and --markdown are exclusive: choose one', 'cost');
    const written = values.usage ? readUsageFile(values.usage) : {};
    let e: Estimate;
    // The budget the estimate is held to: the design's, the template's or the preview's, when there is one.
    let budget: number | undefined;
    if (values.compare) {
      if (values.template || values['pulumi-preview']) throw new UsageError('--compare takes two blueprints, not --template or --pulumi-preview', 'cost');
      expectPositionals('cost', positionals, 'BASE FORK', { min: 2, max: 2 });
      const [base, fork] = positionals.map((file) => {
        const bp = loadBlueprint(file).blueprint;
        const d = design(bp);
        return estimateDesign(d, usageOfBlueprint(bp, written), snapshot(d.region));
      });
      const c = compare(base, fork);
      print(values.json ? JSON.stringify(c, null, 2) : values.markdown ? comparisonMarkdown(c) : comparisonTable(c));
      return EXIT.ok;
    }
    if (values.template && values['pulumi-preview']) throw new UsageError('--template and --pulumi-preview are exclusive: price one source at a time', 'cost');
    if (values['pulumi-preview']) {
      expectPositionals('cost', positionals, 'FILE', { min: 0, max: 0 });
      const { name, region, resources } = readPreviewFile(values['pulumi-preview']);
      const facts = factsFromPulumi(name, region, resources);
      // A preview carries no requirements: the peak its services are sized for (their tags), defaults and the --usage file's.
      const usage = usageFor(peakRpsOf(facts), written);
      e = estimateFacts(facts, usage, snapshot(region));
      const limit = resources.find((r) => r.type === 'aws:budgets/budget:Budget')?.inputs.limitAmount;
      budget = limit === undefined ? undefined : Number(limit);
    } else if (values.template) {
      expectPositionals('cost', positionals, 'FILE', { min: 0, max: 0 });
      const { name, region, inventory } = readTemplateFile(values.template);
      const facts = factsFromInventory(name, region, inventory);
      // A template carries no requirements: the peak its services are sized for (their tags), defaults and the --usage file's.
      const usage = usageFor(peakRpsOf(facts), written);
      e = estimateFacts(facts, usage, snapshot(region));
      budget = inventory.budget?.limitUsd;
    } else {
      expectPositionals('cost', positionals, 'FILE', { min: 1, max: 1 });
      const bp = loadBlueprint(positionals[0]).blueprint;
      const d = design(bp);
      e = estimateDesign(d, usageOfBlueprint(bp, written), snapshot(d.region));
      budget = d.budget?.limitUsd;
    }
    print(values.json ? JSON.stringify({ ...e, ...(budget !== undefined ? { budgetUsd: budget } : {}) }, null, 2) : values.markdown ? costMarkdown(e) : costTable(e));
    if (budget !== undefined && e.totals.monthly > budget) {
      printError(overBudget(e, budget));
      return OVER_BUDGET;
    }
    return EXIT.ok;
  },
});
