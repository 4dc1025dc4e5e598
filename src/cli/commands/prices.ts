import { readdirSync } from 'node:fs';
import * as nodePath from 'node:path';
import { billOf } from '../../cost/bill';
import { factsFromDesign } from '../../cost/facts';
import { pricesFor, snapshotPath } from '../../cost/prices';
import { refreshSnapshot, type ProductSource, type RefreshReport } from '../../cost/refresh/refresh';
import { usageOfBlueprint } from '../../cost/usage';
import { design } from '../../design';
import { loadBlueprint } from '../../load';
import { defineCommand } from '../command';
import { CliError, EXIT, UsageError } from '../errors';
import { displayPath, print, writeFile } from '../output';

/** The blueprints whose prices a refresh without FILE arguments makes sure of: the repository's own. */
const BLUEPRINTS_DIR = nodePath.resolve(__dirname, '..', '..', '..', 'blueprints');

/** Every price key the estimates of these blueprints need (instance classes, node types, architectures...). */
export function priceKeysOf(files: readonly string[]): string[] {
  const keys = new Set<string>();
  for (const file of files) {
    const bp = loadBlueprint(file).blueprint;
    const usage = usageOfBlueprint(bp);
    for (const line of billOf(factsFromDesign(design(bp)), usage)) keys.add(line.priceKey);
  }
  return [...keys].sort();
}

/** The report, as lines a reader scans: the counts first, then every change and every failure. */
export function reportText(r: RefreshReport, out: string): string {
  const lines = [
    `${r.region}: ${r.confirmed.length} confirmed, ${r.changed.length} changed, ${r.added.length} added, ${r.failed.length} not found, ${r.kept.length} not in the Price List (kept as they were)`,
    ...r.changed.map((c) => `  changed  ${c.key}: ${c.from} -> ${c.to}`),
    ...r.added.map((k) => `  added    ${k}`),
    ...r.failed.map((f) => `  missing  ${f.key}: ${f.reason}`),
    `wrote ${displayPath(out)}`,
  ];
  return lines.join('\n');
}

/** The SDK is loaded only here: no other command pays for it. */
function awsSource(): ProductSource {
  return (require('../../cost/refresh/aws') as typeof import('../../cost/refresh/aws')).priceListSource();
}

/** Why the Price List could not be read, in one line, without the SDK's stack. */
function apiError(e: unknown): CliError {
  const err = e as { name?: string; message?: string };
  if (err.name === 'CredentialsProviderError' || /credential/i.test(err.message ?? '')) {
    return new CliError(`prices refresh: no AWS credentials (${err.message})`, 'Set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY; the identity needs pricing:GetProducts.');
  }
  return new CliError(`prices refresh: the Price List API failed: ${err.name ?? 'Error'}: ${err.message ?? String(e)}`, 'The identity needs pricing:GetProducts; the API is served from us-east-1.');
}

export const command = defineCommand({
  description: [
    'refresh: rebuilds the price snapshot of a region (src/cost/prices/<region>.json)',
    'from the AWS Price List Query API (GetProducts, through the AWS SDK; AWS',
    'credentials allowed pricing:GetProducts are needed, read as the AWS CLI reads',
    'them). Every price the snapshot has is looked up again, and every price the',
    "estimates of the FILEs need (default: the repository's blueprints/*.yaml):",
    'instance classes, node types, architectures. A price found replaces the old',
    'one, with the Price List as its source (sku, rate code, publication date) and',
    'without an uncertain mark; a price not found keeps its old value and is listed',
    'as missing, with why. Prices the Price List does not hold (the free first',
    'copy of CloudTrail management events) are kept as they are. List prices:',
    'free tiers are skipped (the first tier priced above zero is taken).',
    'blueprint cost reads the new snapshot at once; commit it with its date.',
  ].join('\n'),
  options: {
    region: { type: 'string', placeholder: 'REGION', description: 'The region whose prices to fetch, e.g. eu-west-1 (required).' },
    out: { type: 'string', short: 'o', placeholder: 'FILE', description: 'Write the snapshot there instead of src/cost/prices/<region>.json.' },
    json: { type: 'boolean', description: 'Print the report (confirmed, changed, added, failed, kept) as JSON.' },
  },
  exitCodes: [
    [0, 'the snapshot was written (prices not found are listed; they keep their old value)'],
    [1, 'usage error, no AWS credentials, the Price List API refused, or a file that cannot be read or written'],
    [2, 'a FILE is not a valid blueprint (problems on stderr)'],
  ],
  examples: ['blueprint prices refresh --region us-east-1', 'blueprint prices refresh --region eu-west-1 blueprints/web-app.yaml my-fork.yaml', 'AWS_PROFILE=billing blueprint prices refresh --region us-west-2 -o /tmp/us-west-2.json'],
  async run({ values, positionals }) {
    const [action, ...files] = positionals;
    if (action !== 'refresh') throw new UsageError(action === undefined ? 'prices needs an action: blueprint prices refresh --region REGION [FILE...]' : `unknown action "${action}"; the only one is refresh`, 'prices');
    const region = values.region;
    if (!region) throw new UsageError('prices refresh needs --region REGION', 'prices');
    if (!/^[a-z]{2}(-gov)?-[a-z]+-\d$/.test(region)) throw new UsageError(`--region ${region} is not an AWS region name (e.g. us-east-1)`, 'prices');
    const blueprints = files.length ? files : readdirSync(BLUEPRINTS_DIR).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => nodePath.join(BLUEPRINTS_DIR, f));
    const keys = priceKeysOf(blueprints);
    const out = values.out ?? snapshotPath(region);
    let result: Awaited<ReturnType<typeof refreshSnapshot>>;
    try {
      result = await refreshSnapshot(region, keys, pricesFor(region), awsSource(), new Date().toISOString().slice(0, 10));
    } catch (e) {
      throw apiError(e);
    }
    writeFile(out, `${JSON.stringify(result.snapshot, null, 2)}\n`);
    print(values.json ? JSON.stringify(result.report, null, 2) : reportText(result.report, out));
    return EXIT.ok;
  },
});
