/*
 * The offline cost estimate (issue 6), from the design: the bill of materials (every billable quantity
 * of every resource, fixed lines from the design, usage lines from the assumptions), the usage
 * assumptions and their overrides, the pricing against the snapshot, and `blueprint cost`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { billOf, HOURS } from '../src/cost/bill';
import { factsFromDesign, runsPerMonth } from '../src/cost/facts';
import { estimate, estimateDesign } from '../src/cost/estimate';
import { compare } from '../src/cost/compare';
import { savingsOf } from '../src/cost/savings';
import { pricesFor, type PriceSnapshot } from '../src/cost/prices';
import { usageFor } from '../src/cost/usage';
import { queryFor } from '../src/cost/refresh/queries';
import { readUsageFile } from '../src/cli/usage-file';
import type { CostLine } from '../src/cost/types';
import { CliError } from '../src/cli/errors';
import { loadBlueprint } from '../src/load';
import { design } from '../src/design';
import { BLUEPRINTS, FIXTURES, cfnInventory } from './support';
import { factsFromInventory } from '../src/cost/facts-inventory';
import { factsFromPulumi, resourcesOfPreview, UNKNOWN } from '../src/cost/facts-pulumi';
import { inventoryFromPulumi } from '../src/parity/pulumi';
import { runUnderMocks } from '../src/pulumi/mock-run';

const tmp = mkdtempSync(path.join(tmpdir(), 'blueprint-cost-'));
const of = (file: string) => {
  const bp = loadBlueprint(file).blueprint;
  const usage = usageFor(bp.requirements.peak_rps);
  const d = design(bp);
  return { d, usage, lines: billOf(factsFromDesign(d), usage) };
};
const line = (lines: CostLine[], resource: string, component: string) => {
  const found = lines.filter((l) => l.resource === resource && l.component === component);
  expect(found).toHaveLength(1);
  return found[0];
};

describe('usage assumptions', () => {
  test('derived from peak_rps, defaults otherwise, each with its basis; stored data is each store\'s growth for storage_months', () => {
    const usage = usageFor(600);
    const byKey = Object.fromEntries(usage.map((a) => [a.key, a]));
    expect(byKey.average_rps).toMatchObject({ value: 180, source: 'derived', basis: '30 % of peak_rps 600' });
    expect(byKey.requests_per_month).toMatchObject({ value: 180 * 730 * 3600, source: 'derived' });
    expect(byKey.storage_months).toMatchObject({ value: 12, source: 'default' });
    expect(byKey.storage_gb).toMatchObject({ value: 10, source: 'default' });
    expect(byKey.response_kb).toMatchObject({ value: 20, source: 'default' });
  });

  test('a written average_rps with a known peak is the share of the peak every load line uses', () => {
    const byKey = Object.fromEntries(usageFor(600, { average_rps: 60 }).map((a) => [a.key, a]));
    expect(byKey.average_load_percent).toMatchObject({ value: 10, source: 'derived', basis: 'written average_rps 60 / peak_rps 600' });
    expect(byKey.average_rps).toMatchObject({ value: 60, source: 'written' });
  });

  test('without peak_rps no traffic is assumed, and says so', () => {
    const byKey = Object.fromEntries(usageFor(undefined).map((a) => [a.key, a]));
    expect(byKey.average_rps.value).toBe(0);
    expect(byKey.average_rps.basis).toMatch(/no requirements.peak_rps/);
    expect(byKey.storage_gb).toMatchObject({ value: 10, source: 'default' });
  });

  test('a --usage file overrides any assumption, and what follows from it is derived from the override', () => {
    const byKey = Object.fromEntries(usageFor(600, { average_load_percent: 50, response_kb: 100 }).map((a) => [a.key, a]));
    expect(byKey.average_load_percent).toMatchObject({ value: 50, source: 'written' });
    expect(byKey.average_rps.value).toBe(300);
    expect(byKey.response_kb).toMatchObject({ value: 100, source: 'written' });
  });

  test('a --usage file with mistakes: every one at once, with suggestions', () => {
    const file = path.join(tmp, 'bad-usage.yaml');
    writeFileSync(file, 'averge_rps: 10\nresponse_kb: -1\nstorage_gb: lots\n');
    let error: unknown;
    try {
      readUsageFile(file);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).message).toBe(`usage file ${file}: averge_rps: unknown assumption (did you mean average_rps?); response_kb: must be a number >= 0 (got -1); storage_gb: must be a number >= 0 (got "lots")`);
  });
});

describe('bill of materials: web-app (3 AZs, NAT per AZ, Aurora with a reader, WAF, audit)', () => {
  const { d, lines } = of('blueprints/web-app.yaml');

  test('network: NAT gateway hours, public IPv4 addresses (NAT and the load balancer), the load balancer', () => {
    expect(line(lines, 'nat-gateways', 'hours')).toMatchObject({ priceKey: 'ec2.nat-gateway.hour', quantity: 3 * HOURS, assumption: 'fixed' });
    expect(line(lines, 'public-ipv4', 'address-hours')).toMatchObject({ quantity: 6 * HOURS, assumption: 'fixed' });
    expect(line(lines, 'load-balancer', 'hours')).toMatchObject({ priceKey: 'elb.alb.hour', quantity: HOURS, assumption: 'fixed' });
    // 180 requests/s of 20 KB: 12.96 GB/h processed outweighs 7.2 LCU of new connections.
    expect(line(lines, 'load-balancer', 'LCU-hours')).toMatchObject({ priceKey: 'elb.alb.lcu-hour', quantity: 9460.8, assumption: 'load' });
  });

  test('compute: each service\'s tasks at the expected load (here its minimum covers it), in vCPU-hours and GB-hours of its architecture', () => {
    for (const s of d.services) {
      const vcpu = line(lines, `service:${s.key}`, 'vCPU-hours');
      // 30 % of peak_rps 600 = 180 requests/s / 80 per task (web) or 120 (api) -> 3 or 2 tasks: the minimum of 3 (one per AZ) covers it.
      expect(vcpu).toMatchObject({ priceKey: `fargate.vcpu-hour.${s.arch}`, quantity: s.scaling.minTasks * HOURS * (s.cpu / 1024), assumption: 'load' });
      expect(vcpu.basis).toMatch(new RegExp(`^3 tasks \\(180 requests/s / ${s.sizing['rps-per-task']} per task -> ${Math.ceil(180 / s.sizing['rps-per-task']!)}, within 3-${s.scaling.maxTasks}\\)`));
      expect(line(lines, `service:${s.key}`, 'GB-hours').quantity).toBe(s.scaling.minTasks * HOURS * (s.memory / 1024));
    }
  });

  test('data: the Aurora writer and reader by class; security: the secret, the web ACL and its rules', () => {
    expect(line(lines, 'database:orders', 'instance-hours')).toMatchObject({ priceKey: 'aurora.postgresql.db.r7g.large.hour', quantity: 2 * HOURS, assumption: 'fixed' });
    expect(line(lines, 'secrets', 'secret-months')).toMatchObject({ quantity: 1, assumption: 'fixed' });
    expect(line(lines, 'web-acl', 'rule-months')).toMatchObject({ quantity: d.webAcl!.rules.length, assumption: 'fixed' });
    // No compliance profile, no encryption: kms: no key of the stack's to pay for.
    expect(lines.some((l) => l.resource === 'key')).toBe(false);
  });

  test('observability: alarms billed per metric they read, the dashboard; flow logs follow the requests', () => {
    // 11 alarms: the two error-budget burns read three metrics each (target 5xx, load balancer 5xx, requests), the rest one.
    expect(d.observability.alarms).toHaveLength(11);
    expect(line(lines, 'alarms', 'alarm-months')).toMatchObject({ quantity: 2 * 3 + 9, basis: '11 alarms reading 15 metrics (an alarm on an expression is billed per metric it reads)' });
    expect(line(lines, 'dashboard', 'dashboard-months').quantity).toBe(1);
    // 180 requests/s for 730 h, 0.1 KB of flow-log records each.
    expect(line(lines, 'flow-logs', 'ingestion')).toMatchObject({ priceKey: 'logs.ingestion.gb', quantity: 47.304, assumption: 'load' });
  });

  test('audit: the trail\'s log group, GuardDuty\'s events and flow logs, Security Hub\'s checks per standard, Config\'s items', () => {
    expect(line(lines, 'trail', 'log ingestion')).toMatchObject({ priceKey: 'logs.ingestion.gb', quantity: 0.15 });
    expect(line(lines, 'guardduty', 'CloudTrail events analyzed')).toMatchObject({ priceKey: 'guardduty.cloudtrail-events.million', quantity: 0.1 });
    expect(line(lines, 'guardduty', 'VPC flow logs analyzed')).toMatchObject({ priceKey: 'guardduty.vpc-flow-logs.gb', quantity: 47.304 });
    expect(line(lines, 'security-hub', 'security checks')).toMatchObject({ priceKey: 'securityhub.security-checks.first-100k', quantity: d.audit!.securityHub!.standards.length * 20000 });
    expect(line(lines, 'config', 'configuration items')).toMatchObject({ priceKey: 'config.configuration-item', quantity: 1000 });
    // Without audit, none of them.
    expect(of('blueprints/starter.yaml').lines.filter((l) => ['guardduty', 'security-hub', 'config', 'trail'].includes(l.resource))).toEqual([]);
  });
});

describe('bill of materials: other shapes', () => {
  test('an RDS instance bills its Multi-AZ instance and its Multi-AZ storage; a cache every node', () => {
    const { d, lines } = of('synth-tests/fixtures/databases.yaml');
    const ledger = d.stores.find((s) => s.key === 'ledger')!;
    expect(ledger.kind === 'database' && ledger.multiAz).toBe(true);
    expect(line(lines, 'database:ledger', 'instance-hours').priceKey).toBe('rds.postgres.db.m7g.large.multi-az.hour');
    expect(line(lines, 'database:ledger', 'storage')).toMatchObject({ priceKey: 'rds.gp3.multi-az.gb-month', quantity: 100 });
    const sessions = line(lines, 'cache:sessions', 'node-hours');
    expect(sessions.priceKey).toMatch(/^elasticache\.(redis|valkey)\.cache\./);
  });

  test('a pilot-light standby runs no task and serves no traffic; its headless cluster has no instance', () => {
    const { d, lines } = of('blueprints/three-tier.yaml');
    const standby = lines.filter((l) => l.resource.startsWith(`${d.standby!.name}/`));
    expect(standby.filter((l) => l.concern === 'compute').every((l) => l.quantity === 0)).toBe(true);
    expect(standby.some((l) => l.resource.endsWith('database:catalog') && l.component === 'instance-hours')).toBe(false);
    expect(standby.filter((l) => l.assumption !== 'fixed').every((l) => l.quantity === 0 || l.component === 'storage' || l.resource.endsWith('logs') || l.resource.endsWith('nat-gateways'))).toBe(true);
  });

  test('a bucket with lifecycle tiers: each class holds the share of a year\'s objects whose age falls in its span', () => {
    const { lines, usage } = of('synth-tests/fixtures/data-stores.yaml');
    const gb = usage.find((a) => a.key === 'storage_gb')!.value;
    // Standard-IA after 30 days, Glacier after 180, expiry after 3650 (past the year: nothing expires).
    expect(line(lines, 'bucket:reports', 'storage')).toMatchObject({ priceKey: 's3.standard.gb-month', quantity: Math.round(gb * (30 / 365) * 1e6) / 1e6 });
    expect(line(lines, 'bucket:reports', 'storage (Standard-IA)')).toMatchObject({ priceKey: 's3.standard-ia.gb-month', quantity: Math.round(gb * (150 / 365) * 1e6) / 1e6 });
    expect(line(lines, 'bucket:reports', 'storage (Glacier Flexible Retrieval)')).toMatchObject({ priceKey: 's3.glacier-flexible-retrieval.gb-month', quantity: Math.round(gb * (185 / 365) * 1e6) / 1e6 });
    // Expiry within the year: what is older is gone.
    const facts = factsFromDesign(of('synth-tests/fixtures/data-stores.yaml').d);
    const expiring = { ...facts, stacks: [{ ...facts.stacks[0], buckets: [{ key: 'tmp', versioned: false, replicaRegion: null, lifecycle: { infrequentAfterDays: 30, archiveAfterDays: null, expireAfterDays: 90, noncurrentExpireAfterDays: null }, growthGbMonth: null }] }] };
    const tmpLines = billOf(expiring, usage).filter((l) => l.resource === 'bucket:tmp');
    expect(tmpLines.map((l) => [l.component, l.quantity])).toEqual([['storage', Math.round(gb * (30 / 365) * 1e6) / 1e6], ['storage (Standard-IA)', Math.round(gb * (60 / 365) * 1e6) / 1e6]]);
    expect(tmpLines[1].basis).toMatch(/older than 90 days expired$/);
  });

  test('across regions: a replicated bucket sends a month of new objects, a backup plan a month of new data per store', () => {
    const tiers = of('blueprints/three-tier.yaml');
    // uploads' share of data_growth_gb_month 20, split with the catalog database: 10 GB of new objects a month.
    expect(line(tiers.lines, 'bucket:uploads/replica', 'replication transfer')).toMatchObject({ priceKey: 'data-transfer.inter-region.gb', quantity: 10 });
    const { d, lines } = of('synth-tests/fixtures/backup-restore.yaml');
    const backup = d.resilience.backup!;
    expect(line(lines, 'backup', `copy transfer to ${backup.rule.copyTo!.region}`)).toMatchObject({ priceKey: 'data-transfer.inter-region.gb', quantity: Math.round(((backup.stores.length * 10) / 12) * 1e6) / 1e6 });
  });

  test('Aurora Serverless v2: the average load\'s share of max_acu, never below min_acu; a standby idles at its minimum', () => {
    const { lines } = of('synth-tests/fixtures/databases.yaml');
    // orders: serverless 0.5-8 ACU, a writer and a reader; 30 % of 8 = 2.4 ACU.
    expect(line(lines, 'database:orders', 'ACU-hours')).toMatchObject({ priceKey: 'aurora.serverless-v2.acu-hour', quantity: 2 * 2.4 * HOURS, assumption: 'load', basis: `2 instances x 30 % (the load) of max 8 ACU x ${HOURS} h` });
  });

  test('jobs: runs a month from their schedule', () => {
    expect(runsPerMonth('rate(15 minutes)')).toBe(2920);
    expect(runsPerMonth('rate(1 hour)')).toBe(730);
    expect(runsPerMonth('cron(0 3 * * ? *)')).toBe(30);
    expect(runsPerMonth('cron(0 6 ? * MON-FRI *)')).toBe(21);
    expect(runsPerMonth('cron(0/30 * * * ? *)')).toBe(2 * 24 * 30);
  });

  test.each([...BLUEPRINTS, ...FIXTURES])('%s: every line has a quantity >= 0, a concern and a price key', (file) => {
    const { lines } = of(file);
    expect(lines.length).toBeGreaterThan(5);
    for (const l of lines) {
      expect(l.quantity).toBeGreaterThanOrEqual(0);
      expect(l.priceKey).toMatch(/^[a-z0-9_-]+(\.[a-z0-9_-]+)+$/);
    }
  });
});

describe('pricing', () => {
  const snapshot: PriceSnapshot = { region: 'test-1', currency: 'USD', updated: '2026-11-26', prices: { a: { usd: 0.1, unit: 'hour', source: 't', date: '2026-01-01' }, b: { usd: 0.333, unit: 'GB', source: 't', date: '2026-01-01', uncertain: 'a blog' } } };
  const lines: CostLine[] = [
    { resource: 'x', concern: 'network', component: 'hours', priceKey: 'a', quantity: 730, assumption: 'fixed', basis: '' },
    { resource: 'y', concern: 'data', component: 'storage', priceKey: 'b', quantity: 3, assumption: 'load', basis: '' },
    { resource: 'z', concern: 'data', component: 'reads', priceKey: 'missing', quantity: 5, assumption: 'load', basis: '' },
  ];

  test('quantity x unit price; totals rounded once, to the cent; unpriced lines listed, not counted', () => {
    const e = estimate('t', lines, [], snapshot);
    expect(e.lines[0].monthlyUsd).toBeCloseTo(73, 10);
    expect(e.lines[1].monthlyUsd).toBeCloseTo(0.999, 10);
    expect(e.lines[2].monthlyUsd).toBeNull();
    expect(e.totals).toEqual({ monthly: 74, fixed: 73, usage: 1, byConcern: { network: 73, compute: 0, data: 1, security: 0, observability: 0 } });
    expect(e.unpriced).toEqual(['missing']);
    expect(e.lines[1].uncertain).toBe('a blog');
  });

  test.each(['us-east-1', 'us-west-2', 'eu-west-1'])('the repository\'s %s snapshot: every price has a unit, a source and a date; an uncertain one says why', (region) => {
    const prices = pricesFor(region)!;
    expect(prices.region).toBe(region);
    for (const [key, p] of Object.entries(prices.prices)) {
      expect({ key, ok: p.usd >= 0 && p.unit.length > 0 && p.source.length > 10 && /^\d{4}-\d{2}-\d{2}$/.test(p.date) && (p.uncertain === undefined || p.uncertain.length > 10) }).toEqual({ key, ok: true });
    }
    // Every key is one the bill uses or the refresh knows (no typo'd key sits unused).
    const known = (k: string) => queryFor(k) !== undefined || /^(fargate\.spot\.|cloudtrail\.|guardduty\.|securityhub\.|xray\.|apigateway\.|cloudfront\.|backup\.warm-storage)/.test(k);
    expect(Object.keys(prices.prices).filter((k) => !known(k))).toEqual([]);
  });

  test.each([...BLUEPRINTS])('%s: an estimate in dollars, its concerns adding up to the total', (file) => {
    const { d, usage } = of(file);
    const e = estimateDesign(d, usage, pricesFor('us-east-1')!);
    expect(e.totals.monthly).toBeGreaterThan(0);
    const sum = Object.values(e.totals.byConcern).reduce((a, b) => a + b, 0);
    expect(Math.abs(sum - e.totals.monthly)).toBeLessThanOrEqual(0.05);
    expect(Math.round((e.totals.fixed + e.totals.usage) * 100)).toBeGreaterThanOrEqual(Math.round(e.totals.monthly * 100) - 1);
  });
});

describe('blueprint cost', () => {
  const ROOT = path.resolve(__dirname, '..');
  const run = (args: string[]) => {
    const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'blueprint.js'), 'cost', ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, BLUEPRINT_DEBUG: '' } });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  };

  test('a table: the lines, the totals per concern, fixed and usage, what is unpriced, and the assumptions', () => {
    const r = run(['blueprints/web-app.yaml']);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    const e = estimateDesign(of('blueprints/web-app.yaml').d, of('blueprints/web-app.yaml').usage, pricesFor('us-east-1')!);
    expect(r.stdout).toContain(`web-app in us-east-1: about $${e.totals.monthly.toFixed(2)} a month`);
    expect(r.stdout).toMatch(/^ {2}nat-gateways +network +hours +2190 +\$0\.045\/hour +\$98\.55 +fixed/m);
    expect(r.stdout).toMatch(/^ {2}total +\$/m);
    expect(r.stdout).not.toContain('Not in the total');
    expect(r.stdout).toMatch(/average_rps +180 +requests\/s +derived +30 % of peak_rps 600/);
    // A class the snapshot has no price for is named, out of the total.
    const x2g = path.join(tmp, 'x2g.yaml');
    writeFileSync(x2g, `blueprint: 1\nname: x2g\nextends: ${path.join(ROOT, 'blueprints', 'web-app.yaml')}\ndata:\n  orders: { instance_class: db.x2g.large }\n`);
    expect(run([x2g]).stdout).toContain('Not in the total: no price in the us-east-1 snapshot for aurora.postgresql.db.x2g.large.hour.');
  });

  test('--json is the estimate; --usage overrides assumptions; --markdown is tables', () => {
    const file = path.join(tmp, 'usage.yaml');
    writeFileSync(file, 'average_rps: 10\nresponse_kb: 5\n');
    const r = run(['blueprints/web-app.yaml', '--json', '--usage', file]);
    expect(r.status).toBe(0);
    const e = JSON.parse(r.stdout) as ReturnType<typeof estimate>;
    expect(e.usage.find((a) => a.key === 'average_rps')).toMatchObject({ value: 10, source: 'written' });
    expect(e.lines.find((l) => l.resource === 'internet')!.quantity).toBeCloseTo((10 * 730 * 3600 * 5) / 1e6, 6);
    const md = run(['blueprints/web-app.yaml', '--markdown']);
    expect(md.stdout).toMatch(/^### web-app in us-east-1: about \$[\d.]+ a month at the expected load \(30 % of peak\); \$[\d.]+ idle, \$[\d.]+ at peak all month$/m);
    expect(md.stdout).toContain('| Concern | Monthly |');
  });

  test('--template prices a synthesized template: the blueprint\'s total, given the same assumptions', () => {
    const dir = path.join(tmp, 'cdk.out');
    const synth = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'blueprint.js'), 'synth', 'blueprints/web-app.yaml', '-o', dir], { cwd: ROOT, encoding: 'utf8' });
    expect(synth.status).toBe(0);
    const usage = path.join(tmp, 'same-usage.yaml');
    writeFileSync(usage, 'average_rps: 180\nstorage_gb: 10\n');
    const fromBlueprint = JSON.parse(run(['blueprints/web-app.yaml', '--usage', usage, '--json']).stdout) as ReturnType<typeof estimate>;
    const fromTemplate = JSON.parse(run(['--template', path.join(dir, 'web-app.template.json'), '--usage', usage, '--json']).stdout) as ReturnType<typeof estimate>;
    expect(fromTemplate.name).toBe('web-app');
    expect(fromTemplate.region).toBe('us-east-1');
    expect(fromTemplate.totals).toEqual(fromBlueprint.totals);
    expect(run(['--template', path.join(tmp, 'missing.template.json')])).toMatchObject({ status: 1, stderr: expect.stringContaining('cannot read template') });
    expect(run(['blueprints/web-app.yaml', '--template', path.join(dir, 'web-app.template.json')]).status).toBe(1);
  });

  test('mistakes: both formats, a bad usage file, a broken blueprint', () => {
    expect(run(['blueprints/web-app.yaml', '--json', '--markdown'])).toMatchObject({ status: 1, stderr: expect.stringContaining('--json and --markdown are exclusive') });
    const bad = path.join(tmp, 'bad.yaml');
    writeFileSync(bad, 'storage_bg: 5\n');
    const r = run(['blueprints/web-app.yaml', '--usage', bad]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('storage_bg: unknown assumption (did you mean storage_gb?)');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(run(['synth-tests/bad-input/missing-image.yaml']).status).toBe(2);
  });
});

describe('three sources, one answer: the design, its CDK template and its Pulumi run', () => {
  test.each([...BLUEPRINTS, ...FIXTURES])('%s: the same lines and the same total, to the cent', async (file) => {
    const bp = loadBlueprint(file).blueprint;
    const usage = usageFor(bp.requirements.peak_rps);
    const d = design(bp);
    const prices = pricesFor('us-east-1')!;
    const fromDesign = estimate(d.name, billOf(factsFromDesign(d), usage), usage, prices);
    const fromTemplate = estimate(d.name, billOf(factsFromInventory(d.name, d.region, cfnInventory(file)), usage), usage, prices);
    const fromPulumi = estimate(d.name, billOf(factsFromInventory(d.name, d.region, inventoryFromPulumi(await runUnderMocks(d))), usage), usage, prices);
    const key = (e: ReturnType<typeof estimate>) => e.lines.map((l) => `${l.resource} ${l.component} ${l.priceKey} ${l.quantity}`).sort();
    expect(key(fromTemplate)).toEqual(key(fromDesign));
    expect(key(fromPulumi)).toEqual(key(fromDesign));
    expect(fromTemplate.totals).toEqual(fromDesign.totals);
    expect(fromPulumi.totals).toEqual(fromDesign.totals);
  });
});

describe('a pulumi preview --json document', () => {
  /**
   * The preview `pulumi preview --json` would print for a mock run: a create step per resource, named by
   * its URN, with its parent's and provider's URNs, and every value only known after deploy (an ARN or ID
   * of another resource, anything naming the account) replaced by Pulumi's unknown sentinel.
   */
  function previewOf(run: Awaited<ReturnType<typeof runUnderMocks>>): unknown {
    const urn = (type: string, name: string) => `urn:pulumi:dev::blueprint::${type}::${name}`;
    const unknown = (v: unknown): unknown =>
      typeof v === 'string' ? (/123456789012|^arn:|-id$/.test(v) ? UNKNOWN : v) : Array.isArray(v) ? v.map(unknown) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, unknown(x)])) : v;
    return {
      steps: run.map((r) => ({
        op: 'create',
        urn: urn(r.parent ? `${r.parent.split('::')[0]}$${r.type}` : r.type, r.name),
        newState: {
          type: r.type,
          custom: r.custom,
          inputs: unknown(r.inputs),
          ...(r.parent ? { parent: urn(r.parent.split('::')[0], r.parent.split('::')[1]) } : {}),
          provider: `${urn('pulumi:providers:aws', r.provider ?? 'default_7_0_0')}::${UNKNOWN}`,
        },
      })),
    };
  }

  test.each([...BLUEPRINTS, ...FIXTURES])('%s: the preview prices as the design does, to the cent', async (file) => {
    const bp = loadBlueprint(file).blueprint;
    const usage = usageFor(bp.requirements.peak_rps);
    const d = design(bp);
    const prices = pricesFor('us-east-1')!;
    const fromDesign = estimate(d.name, billOf(factsFromDesign(d), usage), usage, prices);
    const doc = previewOf(await runUnderMocks(d));
    expect(JSON.stringify(doc)).toContain(UNKNOWN);
    const fromPreview = estimate(d.name, billOf(factsFromPulumi(d.name, d.region, resourcesOfPreview(doc)), usage), usage, prices);
    const key = (e: ReturnType<typeof estimate>) => e.lines.map((l) => `${l.resource} ${l.component} ${l.priceKey} ${l.quantity}`).sort();
    expect(key(fromPreview)).toEqual(key(fromDesign));
    expect(fromPreview.totals).toEqual(fromDesign.totals);
  });

  test('blueprint cost --pulumi-preview FILE: the blueprint\'s total, given the same assumptions', async () => {
    const ROOT = path.resolve(__dirname, '..');
    const file = path.join(tmp, 'three-tier.preview.json');
    writeFileSync(file, JSON.stringify(previewOf(await runUnderMocks(design(loadBlueprint('blueprints/three-tier.yaml').blueprint)))));
    const usage = path.join(tmp, 'preview-usage.yaml');
    writeFileSync(usage, 'average_rps: 240\nstorage_gb: 240\n');
    const cost = (args: string[]) => spawnSync(process.execPath, [path.join(ROOT, 'bin', 'blueprint.js'), 'cost', ...args, '--usage', usage, '--json'], { cwd: ROOT, encoding: 'utf8' });
    const fromPreview = cost(['--pulumi-preview', file]);
    expect(fromPreview.stderr).toBe('');
    const preview = JSON.parse(fromPreview.stdout) as ReturnType<typeof estimate>;
    const blueprint = JSON.parse(cost(['blueprints/three-tier.yaml']).stdout) as ReturnType<typeof estimate>;
    expect([preview.name, preview.region]).toEqual(['three-tier', 'us-east-1']);
    expect(preview.totals).toEqual(blueprint.totals);
    expect(cost(['--pulumi-preview', path.join(tmp, 'usage.yaml')]).stderr).toContain('cannot read preview');
  });
});

describe('blueprint cost --compare BASE FORK', () => {
  const ROOT = path.resolve(__dirname, '..');
  const fork = path.join(tmp, 'shop-staging.yaml');
  // A class the snapshot has no price for (memory-optimised x2g) on the fork's database.
  writeFileSync(fork, `blueprint: 1\nname: shop-staging\nextends: ${path.join(ROOT, 'blueprints', 'web-app.yaml')}\nrequirements:\n  availability: 99.5\ndata:\n  orders: { instance_class: db.x2g.large }\n`);
  const estimateOf = (file: string) => {
    const { d, usage } = of(file);
    return estimateDesign(d, usage, pricesFor('us-east-1')!);
  };

  test('the lines that differ, each side, the difference; totals that add up', () => {
    const base = estimateOf('blueprints/web-app.yaml');
    const staging = estimateOf(fork);
    const c = compare(base, staging);
    expect(c.difference).toBe(Math.round((staging.totals.monthly - base.totals.monthly) * 100) / 100);
    // 99.5 %: 2 AZs and one NAT gateway instead of 3.
    expect(c.lines.find((l) => l.resource === 'nat-gateways' && l.component === 'hours')).toEqual({ resource: 'nat-gateways', component: 'hours', base: 98.55, fork: 32.85, difference: -65.7 });
    expect(c.lines.every((l) => l.difference !== 0)).toBe(true);
    // The fork's database (db.x2g.large) has no price: its side is unpriced and the difference unknown, never -$402.96.
    expect(c.lines.find((l) => l.resource === 'database:orders' && l.component === 'instance-hours')).toEqual({ resource: 'database:orders', component: 'instance-hours', base: 402.96, fork: 'unpriced', difference: null });
    expect(c.unpriced).toEqual(['aurora.postgresql.db.x2g.large.hour']);
    // The known differences add up to the totals' difference, less the base's price of what the fork leaves unpriced.
    const sum = c.lines.reduce((n, l) => n + (l.difference ?? (typeof l.base === 'number' ? -l.base : 0)), 0);
    expect(Math.abs(sum - c.difference)).toBeLessThan(0.05);
  });

  test('the CLI: a table, --json', () => {
    const run = (args: string[]) => spawnSync(process.execPath, [path.join(ROOT, 'bin', 'blueprint.js'), 'cost', '--compare', ...args], { cwd: ROOT, encoding: 'utf8' });
    const r = run(['blueprints/web-app.yaml', fork]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^shop-staging against web-app: \$[\d.]+ a month against \$[\d.]+ \(-\$[\d.]+, not counting unpriced lines\)$/m);
    expect(r.stdout).toMatch(/^ {2}database:orders +instance-hours +\$402\.96 +unpriced +\?$/m);
    expect(r.stdout).toMatch(/^ {2}nat-gateways +hours +\$98\.55 +\$32\.85 +-\$65\.70$/m);
    expect(JSON.parse(run(['blueprints/web-app.yaml', fork, '--json']).stdout).lines.length).toBeGreaterThan(3);
    expect(run(['blueprints/web-app.yaml']).status).toBe(1);
  });
});

describe('cost-aware decisions and their savings (blueprint plan)', () => {
  const savings = (file: string) => {
    const { d, usage } = of(file);
    return savingsOf(d, usage, pricesFor('us-east-1')!);
  };

  test('arm64 tasks: the x86_64 price of the same task-hours minus theirs', () => {
    const prices = pricesFor('us-east-1')!.prices;
    const { d } = of('blueprints/web-app.yaml');
    const api = d.services.find((s) => s.key === 'api')!;
    const hours = api.scaling.minTasks * HOURS;
    const expected = hours * (api.cpu / 1024) * (prices['fargate.vcpu-hour.x86_64'].usd - prices['fargate.vcpu-hour.arm64'].usd) + hours * (api.memory / 1024) * (prices['fargate.gb-hour.x86_64'].usd - prices['fargate.gb-hour.arm64'].usd);
    const saving = savings('blueprints/web-app.yaml').find((s) => s.subject === 'services.api')!;
    expect(saving).toMatchObject({ decision: 'arm64 (Graviton)', against: 'the same task on x86_64' });
    expect(Math.abs(saving.monthlyUsd - expected)).toBeLessThanOrEqual(0.01);
  });

  test('one NAT gateway instead of one per AZ: the other gateways\' hours, addresses and nothing else', () => {
    const prices = pricesFor('us-east-1')!.prices;
    const nat = savings('blueprints/starter.yaml').find((s) => s.decision === 'nat: single')!;
    expect(nat).toMatchObject({ decision: 'nat: single', against: 'one NAT gateway per AZ (2)' });
    // The second gateway's hours and its Elastic IP's, plus its share of the tasks' NAT traffic (none: the same traffic).
    expect(nat.monthlyUsd).toBeCloseTo((prices['ec2.nat-gateway.hour'].usd + prices['ec2.public-ipv4.hour'].usd) * HOURS, 2);
  });

  test('one shared load balancer: the others\' hours and public addresses', () => {
    const shared = savings('synth-tests/fixtures/data-stores.yaml').concat(savings('synth-tests/fixtures/databases.yaml')).filter((s) => s.subject === 'load_balancing.public');
    for (const s of shared) expect(s.monthlyUsd).toBeGreaterThan(0);
  });

  test('task counts scaled between min and max: the tasks above min, all month, at their price', () => {
    const prices = pricesFor('us-east-1')!.prices;
    const { d, usage } = of('blueprints/web-app.yaml');
    const api = d.services.find((s) => s.key === 'api')!;
    const tasks = api.scaling.maxTasks - api.scaling.minTasks;
    const extra = tasks * HOURS;
    const compute = extra * (api.cpu / 1024) * prices['fargate.vcpu-hour.arm64'].usd + extra * (api.memory / 1024) * prices['fargate.gb-hour.arm64'].usd;
    // Each task also sends its NAT traffic and writes its logs (ingested, and kept for the retention).
    const u = (k: string) => usage.find((a) => a.key === k)!.value;
    const months = Math.min(12, d.observability.logRetentionDays / 30);
    const perTask = u('nat_gb_per_task') * prices['ec2.nat-gateway.gb-processed'].usd + u('log_gb_per_task') * (prices['logs.ingestion.gb'].usd + months * prices['logs.storage.gb-month'].usd);
    const expected = compute + tasks * perTask;
    const saving = savings('blueprints/web-app.yaml').find((s) => s.subject === 'services.api' && s.decision.endsWith('scaled on load'))!;
    expect(saving).toMatchObject({ decision: `${api.scaling.minTasks}-${api.scaling.maxTasks} tasks, scaled on load`, against: `a fixed fleet of ${api.scaling.maxTasks} tasks (its maximum) all month` });
    expect(Math.abs(saving.monthlyUsd - expected)).toBeLessThanOrEqual(0.01);
  });

  test('the S3 gateway endpoint: the tasks\' S3 traffic at the NAT per-GB price; nothing without NAT', () => {
    const prices = pricesFor('us-east-1')!.prices;
    const { d, usage } = of('blueprints/web-app.yaml');
    const tasks = d.services.reduce((n, s) => n + s.scaling.minTasks, 0);
    const s3 = usage.find((a) => a.key === 's3_gb_per_task')!.value;
    expect(savings('blueprints/web-app.yaml').find((s) => s.decision === 'S3 gateway endpoint')!.monthlyUsd).toBeCloseTo(tasks * s3 * prices['ec2.nat-gateway.gb-processed'].usd, 2);
    expect(savings('synth-tests/fixtures/no-nat.yaml').some((s) => s.decision === 'S3 gateway endpoint')).toBe(false);
  });

  test('lifecycle tiers: the bucket and its replica in S3 Standard, against their tiers', () => {
    const prices = pricesFor('us-east-1')!.prices;
    // uploads holds its share of the growth, 10 GB a month, for 12 months.
    const gb = 120;
    // Standard-IA after 30 days, Glacier after 365: a year's objects spend 30/365 of it in Standard, the rest in Standard-IA.
    const tiered = gb * (30 / 365) * prices['s3.standard.gb-month'].usd + gb * (335 / 365) * prices['s3.standard-ia.gb-month'].usd;
    const saving = savings('blueprints/three-tier.yaml').find((s) => s.subject === 'data.uploads')!;
    expect(saving).toMatchObject({ decision: 'lifecycle: Standard-IA after 30 d, Glacier after 365 d', against: 'every object kept in S3 Standard' });
    expect(Math.abs(saving.monthlyUsd - 2 * (gb * prices['s3.standard.gb-month'].usd - tiered))).toBeLessThanOrEqual(0.01);
  });

  test('Serverless v2 against the provisioned class Blueprint would pick: shown only where it is cheaper', () => {
    const file = path.join(tmp, 'serverless-dev.yaml');
    writeFileSync(file, 'blueprint: 1\nname: serverless-dev\nrequirements: { availability: 99.5, peak_rps: 20 }\nservices:\n  api: { image: api:1, port: 8080, public: true, uses: [orders] }\ndata:\n  orders: { engine: aurora-postgresql, serverless: { max_acu: 2 } }\n');
    const { d, usage } = of(file);
    const db = d.stores.find((s) => s.key === 'orders');
    expect(db).toMatchObject({ serverless: { minAcu: 0, maxAcu: 2, insteadOf: 'db.t4g.medium' } });
    // Without an Aurora db.t4g.medium price, no saving is claimed against an unpriced alternative.
    const base = pricesFor('us-east-1')!;
    const { 'aurora.postgresql.db.t4g.medium.hour': t4g, ...withoutT4g } = base.prices;
    expect(savingsOf(d, usage, { ...base, prices: withoutT4g }).some((s) => s.subject === 'data.orders')).toBe(false);
    // Priced, the saving is the provisioned hours minus the ACU-hours at 30 % of max 2 ACU.
    const saving = savingsOf(d, usage, base).find((s) => s.subject === 'data.orders')!;
    expect(saving).toMatchObject({ decision: 'Serverless v2 from 0 ACU', against: 'provisioned db.t4g.medium instances, the class Blueprint picks' });
    expect(saving.monthlyUsd).toBeCloseTo(t4g.usd * HOURS - 0.6 * HOURS * base.prices['aurora.serverless-v2.acu-hour'].usd, 2);
  });

  test('min_acu, when left out: 0 (pause) below 99.9 % where the version can pause, else 0.5', () => {
    const minAcu = (requirements: string, extra = '') => {
      const file = path.join(tmp, `min-acu-${Math.random().toString(36).slice(2)}.yaml`);
      writeFileSync(file, `blueprint: 1\nname: acu\nrequirements: { ${requirements} }\nservices:\n  api: { image: api:1, port: 8080, public: true, uses: [orders] }\ndata:\n  orders: { engine: aurora-postgresql, serverless: { max_acu: 4 }${extra} }\n`);
      const { d } = of(file);
      return { value: (d.stores.find((x) => x.key === 'orders') as { serverless: { minAcu: number } }).serverless.minAcu, decision: d.decisions.find((x) => x.subject === 'data.orders' && x.name === 'min_acu')! };
    };
    expect(minAcu('availability: 99.5')).toMatchObject({ value: 0, decision: { source: 'derived', rationale: expect.stringMatching(/^availability 99\.5 % < 99\.9 %: 0 ACU, an idle cluster pauses/) } });
    expect(minAcu('availability: 99.9')).toMatchObject({ value: 0.5, decision: { source: 'derived', rationale: expect.stringMatching(/^availability 99\.9 % >= 99\.9 %: no pause/) } });
    expect(minAcu('availability: 99.5', ', version: "13.9"')).toMatchObject({ value: 0.5, decision: { rationale: expect.stringMatching(/^13\.9 cannot pause: 0\.5 ACU/) } });
  });

  test('plan prints them after the acknowledgements; --json has them', () => {
    const ROOT = path.resolve(__dirname, '..');
    const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'blueprint.js'), 'plan', 'blueprints/starter.yaml'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.stdout).toMatch(/^starter: 4 cost-aware decisions with an estimated monthly saving/m);
    expect(r.stdout).toMatch(/^ {2}network +nat: single +\$36\.50 +one NAT gateway per AZ \(2\)$/m);
    const json = JSON.parse(spawnSync(process.execPath, [path.join(ROOT, 'bin', 'blueprint.js'), 'plan', 'blueprints/starter.yaml', '--json'], { cwd: ROOT, encoding: 'utf8' }).stdout);
    expect(json.savings).toEqual(savings('blueprints/starter.yaml'));
  });
});
