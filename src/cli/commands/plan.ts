import { pricesFor } from '../../cost/prices';
import { savingsOf, type Saving } from '../../cost/savings';
import { usageOfBlueprint } from '../../cost/usage';
import { design, type AcknowledgedFinding, type AcknowledgedResource, type AcknowledgementDesign, type Decision, type Recommendation } from '../../design';
import { loadBlueprint } from '../../load';
import { expectPositionals } from '../args';
import { defineCommand } from '../command';
import { EXIT } from '../errors';
import { columns, oneLine, print } from '../output';

/** Concerns in the order a reader meets them: the network first, what watches it last. */
const CONCERN_ORDER: readonly Decision['concern'][] = ['network', 'load-balancing', 'security', 'compute', 'scaling', 'data', 'resilience', 'observability', 'cost'];

export const command = defineCommand({
  description: [
    'Loads FILE, designs the infrastructure and prints every decision taken: what',
    'it is about (subject), the decision, its value, where the value comes from',
    '(source) and why (rationale), grouped by concern. Sources:',
    '  written  the blueprint says so',
    '  derived  computed from a requirement (availability, peak_rps, ...)',
    '  default  Blueprint\'s default, since the blueprint does not say',
    'Nothing is truncated; lines are as long as the rationale.',
    '',
    'Then the recommendations: changes the numbers call for that the blueprint does',
    'not make (a table or database holding bulk data that belongs in S3, a store',
    "filling half its engine's largest volume within a year).",
    '',
    'Then every rule-pack finding the design accepts (cdk-nag AwsSolutions, and the',
    "packs of the blueprint's compliance profiles): the",
    'rule, the resource it is on and why, for the stack and, with pilot-light or',
    'warm-standby, for its standby. Nothing else is acknowledged.',
    '',
    'Last, the cost-aware decisions (arm64 tasks, fewer NAT gateways than AZs, task',
    'counts scaled between min and max, the S3 gateway endpoint, lifecycle tiers,',
    'Aurora Serverless v2, Fargate Spot workers, one shared load balancer) with',
    'what each saves a month against the obvious alternative, measured with the',
    'estimator of blueprint cost; one whose alternative cannot be priced is left out.',
  ].join('\n'),
  options: {
    json: { type: 'boolean', description: 'Print {name, region, decisions: [...], recommendations: [...], acknowledgements: [...], standby?: {name, region, acknowledgements}, savings: [...]} as JSON instead of a table.' },
  },
  exitCodes: [
    [0, 'the plan was printed'],
    [1, 'usage error or internal error'],
    [2, 'FILE is not a valid blueprint (problems on stderr)'],
  ],
  examples: ['blueprint plan blueprints/web-app.yaml', 'blueprint plan blueprints/web-app.yaml --json'],
  run({ values, positionals }) {
    expectPositionals('plan', positionals, 'FILE', { min: 1, max: 1 });
    const bp = loadBlueprint(positionals[0]).blueprint;
    const d = design(bp);
    const standby = d.standby && { name: d.standby.name, region: d.standby.region, acknowledgements: d.standby.acknowledgements };
    // The cost-aware decisions' savings, when the repository has prices for the region.
    const prices = pricesFor(d.region);
    const savings = prices ? savingsOf(d, usageOfBlueprint(bp), prices) : [];
    if (values.json) print(JSON.stringify({ name: d.name, region: d.region, decisions: d.decisions, recommendations: d.recommendations, acknowledgements: d.acknowledgements, ...(standby ? { standby } : {}), savings }, null, 2));
    else
      print(
        [
          planTable(d.name, d.region, d.decisions),
          recommendationTable(d.name, d.recommendations),
          acknowledgementTable(d.name, d.acknowledgements),
          ...(standby ? [acknowledgementTable(standby.name, standby.acknowledgements)] : []),
          savingsTable(d.name, savings, prices !== undefined),
        ].join('\n\n'),
      );
    return EXIT.ok;
  },
});

/** The cost-aware decisions and what each saves a month, measured with the estimator (blueprint cost). */
export function savingsTable(name: string, savings: readonly Saving[], priced: boolean): string {
  if (!priced) return `${name}: no price snapshot for its region, so no savings are estimated`;
  const title = `${name}: ${savings.length} cost-aware decision${savings.length === 1 ? '' : 's'} with an estimated monthly saving (blueprint cost shows the whole estimate)`;
  if (!savings.length) return title;
  return [title, '', ...columns([['SUBJECT', 'DECISION', 'SAVES A MONTH', 'AGAINST'], ...savings.map((s) => [s.subject, s.decision, `$${s.monthlyUsd.toFixed(2)}`, s.against])], '  ')].join('\n');
}

/**
 * The decisions as one table, with a heading per concern. Columns share
 * their widths across groups so the whole plan reads as one table.
 */
export function planTable(name: string, region: string, decisions: readonly Decision[]): string {
  const header = ['SUBJECT', 'DECISION', 'VALUE', 'SOURCE', 'RATIONALE'];
  const concerns = [...CONCERN_ORDER, ...new Set(decisions.map((d) => d.concern).filter((c) => !CONCERN_ORDER.includes(c)))];
  const groups = concerns
    .map((concern) => ({ concern, rows: decisions.filter((d) => d.concern === concern) }))
    .filter((g) => g.rows.length > 0);
  const rows = [header, ...groups.flatMap((g) => g.rows.map((d) => [d.subject, d.name, oneLine(String(d.value)), d.source, oneLine(d.rationale)]))];
  const lines = columns(rows, '  ');
  const out = [`${name} in ${region}: ${decisions.length} decision${decisions.length === 1 ? '' : 's'}`, '', lines[0]];
  let i = 1;
  for (const g of groups) {
    out.push('', g.concern);
    out.push(...lines.slice(i, i + g.rows.length));
    i += g.rows.length;
  }
  return out.join('\n');
}

/** What the numbers call for that the blueprint does not say (bulk data in a table, a store near its engine's limit). */
export function recommendationTable(name: string, recommendations: readonly Recommendation[]): string {
  const title = `${name}: ${recommendations.length} recommendation${recommendations.length === 1 ? '' : 's'}`;
  if (!recommendations.length) return title;
  return [title, '', ...columns([['SUBJECT', 'RECOMMENDATION'], ...recommendations.map((r) => [r.subject, oneLine(r.text)])], '  ')].join('\n');
}

/** The rule-pack findings a stack's design accepts, one line each: rule (and finding), resource, why. */
export function acknowledgementTable(stack: string, acknowledgements: readonly AcknowledgementDesign[]): string {
  const title = `${stack}: ${acknowledgements.length} acknowledged finding${acknowledgements.length === 1 ? '' : 's'}`;
  if (!acknowledgements.length) return title;
  const rows = [['RULE', 'ON', 'FINDING', 'REASON'], ...acknowledgements.map((a) => [a.rule, resourceText(a.on), a.finding ? findingText(a.finding) : '', oneLine(a.reason)])];
  return [title, '', ...columns(rows, '  ')].join('\n');
}

function resourceText(on: AcknowledgedResource): string {
  switch (on.kind) {
    case 'task-definition':
    case 'task-role':
    case 'scheduler-policy':
      return `${on.kind} ${on.task}`;
    case 'public-subnet':
      return `${on.kind} ${on.index + 1}`;
    case 'api-route':
    case 'rest-api-method':
      return `${on.kind} ${on.api} ${on.route}`;
    case 'rest-api-stage':
      return `${on.kind} ${on.api}`;
    case 'function':
    case 'function-role':
    case 'function-scheduler-policy':
      return `${on.kind} ${on.fn}`;
    case 'bucket':
    case 'monitoring-role':
    case 'replication-role':
    case 'database':
    case 'queue':
    case 'cache':
    case 'cache-auth-token':
      return `${on.kind} ${on.store}`;
    case 'site-bucket':
    case 'site-distribution':
      return `${on.kind} ${on.site}`;
    case 'access-log-bucket':
      return on.stack === 'own' ? on.kind : `${on.kind} (${on.stack})`;
    default:
      return on.kind;
  }
}

const findingText = (f: AcknowledgedFinding): string =>
  f.kind === 'any-resource' ? '*' : f.kind === 'account-log-groups' ? "the account's log groups" : f.kind === 'managed-policy' ? `policy ${f.name}` : f.kind === 'audit-bucket-objects' ? `audit-logs/${f.prefix}/AWSLogs/<account>/*` : f.kind === 'action' ? `action ${f.action}` : f.kind === 'site-objects' ? `site ${f.site}/*` : f.kind === 'asset-objects' ? 'cdk-assets/*' : `${f.store}${f.replica ? ' replica' : ''}${f.suffix}`;
