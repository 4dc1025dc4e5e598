import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { billOf } from '../src/cost/bill';
import { estimate } from '../src/cost/estimate';
import { factsFromDesign, spotOfStrategy } from '../src/cost/facts';
import { pricesFor, type PriceSnapshot } from '../src/cost/prices';
import { savingsOf } from '../src/cost/savings';
import { usageFor } from '../src/cost/usage';
import type { CostLine } from '../src/cost/types';
import { design, type Design, type WorkerServiceDesign } from '../src/design';
import { loadBlueprint } from '../src/load';
import { compareBackends } from '../src/parity';
import { inventoryFromTemplate } from '../src/parity/cloudformation';
import { inventoryFromPulumi } from '../src/parity/pulumi';
import { runUnderMocks, type RegisteredResource } from '../src/pulumi/mock-run';
import { synth } from './support';

/*
 * cost.spot_for_workers (issue 6): queue workers on Fargate Spot, in the design (which services, the
 * FARGATE base at availability >= 99.9 %, the decisions), the CDK template and the Pulumi mock run of
 * synth-tests/fixtures/spot-workers.yaml (the cluster's capacity providers, each worker's strategy in place
 * of its launch type), both inventories, a warm standby's copy, the bill of materials (Spot lines, unpriced
 * until the snapshot has Spot prices) and `blueprint plan`.
 */

const FILE = 'synth-tests/fixtures/spot-workers.yaml';
const ROOT = path.resolve(__dirname, '..');
const BASE_1 = [
  { capacityProvider: 'FARGATE', base: 1, weight: 0 },
  { capacityProvider: 'FARGATE_SPOT', base: 0, weight: 1 },
];
const ALL_SPOT = [{ capacityProvider: 'FARGATE_SPOT', base: 0, weight: 1 }];

const bp = loadBlueprint(FILE).blueprint;
const d = design(bp);
const worker = (x: Design, key: string) => x.services.find((s) => s.key === key) as WorkerServiceDesign;
const decision = (x: Design, subject: string, name: string) => x.decisions.find((y) => y.subject === subject && y.name === name);

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(path.join(tmpdir(), 'blueprint-spot-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('design', () => {
  test('every worker runs on Fargate Spot, the first task on regular Fargate at 99.9 %; the cluster gets both providers', () => {
    for (const key of ['indexer', 'resizer']) expect(worker(d, key).capacity).toEqual({ onDemandBase: 1, strategy: BASE_1 });
    expect(d.capacityProviders).toEqual(['FARGATE', 'FARGATE_SPOT']);
  });

  test('an arm64 worker stays on regular Fargate: Fargate Spot runs x86_64 Linux tasks only', () => {
    const arm = design({ ...bp, services: { ...bp.services, indexer: { ...bp.services.indexer, arch: 'arm64' } } });
    expect(worker(arm, 'indexer').capacity).toBeUndefined();
    expect(worker(arm, 'resizer').capacity).toEqual({ onDemandBase: 1, strategy: BASE_1 });
    expect(decision(arm, 'cost', 'spot_for_workers')).toMatchObject({ value: 'workers on Fargate Spot: resizer', rationale: expect.stringContaining('arm64 workers (indexer) stay on regular Fargate: Fargate Spot runs x86_64 Linux tasks only') });
    expect(decision(arm, 'services.indexer', 'capacity')).toBeUndefined();
  });

  test('HTTP services and scheduled jobs stay on regular Fargate (no strategy)', () => {
    expect(d.services.filter((s) => s.kind === 'http').map((s) => [s.key, 'capacity' in s])).toEqual([['api', false]]);
    expect(d.jobs.map((j) => j.key)).toEqual(['nightly']);
    expect(JSON.stringify(d.jobs)).not.toContain('FARGATE_SPOT');
  });

  test('a decision per worker (cost, services.<key>, capacity) and one for the key, with why', () => {
    const resizer = decision(d, 'services.resizer', 'capacity')!;
    expect(resizer).toMatchObject({ concern: 'cost', value: 'FARGATE_SPOT (FARGATE base 1)', source: 'derived' });
    expect(resizer.rationale).toContain('visibility timeout (300 s)');
    expect(resizer.rationale).toContain('70 % cheaper');
    expect(resizer.rationale).toContain('availability 99.9 % >= 99.9 %');
    expect(decision(d, 'services.indexer', 'capacity')!.rationale).toContain('visibility timeout (30 s)');
    const key = decision(d, 'cost', 'spot_for_workers')!;
    expect(key).toMatchObject({ concern: 'cost', value: 'workers on Fargate Spot: indexer, resizer', source: 'written' });
    expect(key.rationale).toContain('HTTP services (api) stay on regular Fargate');
    expect(key.rationale).toContain('scheduled jobs (nightly) stay on regular Fargate');
    expect(decision(d, 'services.api', 'capacity')).toBeUndefined();
  });

  test('below 99.9 % every task is on Spot (no base)', () => {
    const low = design({ ...bp, requirements: { ...bp.requirements, availability: 99.5 } });
    expect(worker(low, 'resizer').capacity).toEqual({ onDemandBase: 0, strategy: ALL_SPOT });
    expect(decision(low, 'services.resizer', 'capacity')).toMatchObject({ value: 'FARGATE_SPOT (base 0)' });
    expect(decision(low, 'services.resizer', 'capacity')!.rationale).toContain('every task on Spot');
  });

  test('without the key (or written false) nothing changes: no strategy, no capacity providers, no decision', () => {
    for (const x of [design({ ...bp, cost: undefined }), design({ ...bp, cost: { spot_for_workers: false } })]) {
      expect(x.services.some((s) => 'capacity' in s)).toBe(false);
      expect('capacityProviders' in x).toBe(false);
      expect(x.decisions.filter((y) => y.name === 'capacity' || y.name === 'spot_for_workers')).toEqual([]);
    }
  });
});

describe('CDK template', () => {
  type Resource = { Type: string; Properties: Record<string, unknown>; DependsOn?: string[] };
  const resources = synth(FILE).template.Resources as Record<string, Resource>;
  const ofType = (type: string) => Object.keys(resources).filter((id) => resources[id].Type === type);
  const serviceOf = (key: string) => {
    const ids = ofType('AWS::ECS::Service').filter((id) => id.startsWith(`ComputeService${key}`));
    expect(ids).toHaveLength(1);
    return ids[0];
  };
  const [association] = ofType('AWS::ECS::ClusterCapacityProviderAssociations');

  test('the cluster has the Fargate capacity providers, and no default strategy', () => {
    expect(ofType('AWS::ECS::ClusterCapacityProviderAssociations')).toEqual([association]);
    expect(resources[association].Properties).toEqual({
      Cluster: { Ref: ofType('AWS::ECS::Cluster')[0] },
      CapacityProviders: ['FARGATE', 'FARGATE_SPOT'],
      DefaultCapacityProviderStrategy: [],
    });
  });

  test('each worker has the strategy instead of a launch type, and is created after the association', () => {
    for (const key of ['indexer', 'resizer']) {
      const svc = resources[serviceOf(key)];
      expect(svc.Properties.LaunchType).toBeUndefined();
      expect(svc.Properties.CapacityProviderStrategy).toEqual([
        { CapacityProvider: 'FARGATE', Base: 1, Weight: 0 },
        { CapacityProvider: 'FARGATE_SPOT', Base: 0, Weight: 1 },
      ]);
      expect(svc.DependsOn).toContain(association);
    }
  });

  test('the HTTP service and the scheduled job keep launch type FARGATE', () => {
    const api = resources[serviceOf('api')];
    expect(api.Properties.LaunchType).toBe('FARGATE');
    expect(api.Properties.CapacityProviderStrategy).toBeUndefined();
    expect(api.DependsOn).not.toContain(association);
    const [schedule] = ofType('AWS::Scheduler::Schedule');
    expect((resources[schedule].Properties.Target as { EcsParameters: Record<string, unknown> }).EcsParameters).toMatchObject({ LaunchType: 'FARGATE' });
  });

  test('a blueprint without the key has no association', () => {
    expect(Object.values(synth('blueprints/event-driven.yaml').template.Resources as Record<string, Resource>).some((r) => r.Type === 'AWS::ECS::ClusterCapacityProviderAssociations')).toBe(false);
  });
});

describe('Pulumi mock run', () => {
  let g: RegisteredResource[];
  beforeAll(async () => {
    g = await runUnderMocks(d);
  });
  const one = (type: string, name: string) => {
    const r = g.find((x) => x.type === type && x.name === name);
    if (!r) throw new Error(`no ${type} ${name}`);
    return r;
  };
  const SERVICE = 'aws:ecs/service:Service';

  test('aws.ecs.ClusterCapacityProviders on the cluster: FARGATE and FARGATE_SPOT, no default strategy', () => {
    const cp = one('aws:ecs/clusterCapacityProviders:ClusterCapacityProviders', 'spot-workers-capacity-providers');
    expect(cp.parent).toBe('blueprint:index:Compute::spot-workers');
    expect(cp.inputs).toEqual({ clusterName: one('aws:ecs/cluster:Cluster', 'spot-workers-cluster').name, capacityProviders: ['FARGATE', 'FARGATE_SPOT'] });
  });

  test('each worker has capacityProviderStrategies and no launch type (a new deployment on update)', () => {
    for (const key of ['indexer', 'resizer']) {
      const svc = one(SERVICE, `spot-workers-svc-${key}-service`);
      expect(svc.inputs.launchType).toBeUndefined();
      expect(svc.inputs.capacityProviderStrategies).toEqual(BASE_1);
      expect(svc.inputs.forceNewDeployment).toBe(true);
    }
  });

  test('the HTTP service and the scheduled job keep launch type FARGATE', () => {
    const api = one(SERVICE, 'spot-workers-svc-api-service');
    expect(api.inputs).toMatchObject({ launchType: 'FARGATE' });
    expect(api.inputs.capacityProviderStrategies).toBeUndefined();
    expect(api.inputs.forceNewDeployment).toBeUndefined();
    const schedule = one('aws:scheduler/schedule:Schedule', 'spot-workers-job-nightly-schedule');
    expect((schedule.inputs.target as { ecsParameters: unknown }).ecsParameters).toMatchObject({ launchType: 'FARGATE' });
  });

  test('both inventories: the cluster\'s providers and each service\'s launch type or strategy, equal', () => {
    const cdk = inventoryFromTemplate(synth(FILE).template);
    const pulumi = inventoryFromPulumi(g);
    for (const inv of [cdk, pulumi]) {
      expect(inv.capacityProviders).toEqual(['FARGATE', 'FARGATE_SPOT']);
      expect(inv.services.map((s) => [s.key, s.launchType, s.capacityProviderStrategy])).toEqual([
        ['api', 'FARGATE', []],
        ['indexer', null, BASE_1],
        ['resizer', null, BASE_1],
      ]);
    }
  });

  test('the Pulumi reader refuses a launch type beside a strategy, or a provider the cluster lacks', () => {
    const copy = () => JSON.parse(JSON.stringify(g)) as RegisteredResource[];
    const both = copy();
    both.find((r) => r.name === 'spot-workers-svc-resizer-service')!.inputs.launchType = 'FARGATE';
    expect(() => inventoryFromPulumi(both)).toThrow(/resizer has a launch type beside its capacity provider strategy/);
    const without = copy().filter((r) => r.type !== 'aws:ecs/clusterCapacityProviders:ClusterCapacityProviders');
    expect(() => inventoryFromPulumi(without)).toThrow(/places tasks on FARGATE, which is not associated with the cluster \(none\)/);
  });
});

describe('the CloudFormation reader', () => {
  const template = () => JSON.parse(JSON.stringify(synth(FILE).template)) as { Resources: Record<string, { Type: string; Properties: Record<string, unknown>; DependsOn?: string[] }> };
  const find = (t: ReturnType<typeof template>, prefix: string) => Object.keys(t.Resources).find((id) => id.startsWith(prefix))!;

  test('a worker that does not DependsOn the association throws, naming it', () => {
    const t = template();
    const svc = t.Resources[find(t, 'ComputeServiceresizerService')];
    svc.DependsOn = svc.DependsOn!.filter((id) => !id.startsWith('ComputeCapacityProviders'));
    expect(() => inventoryFromTemplate(t)).toThrow(/ComputeServiceresizerService.*DependsOn.*does not wait for the cluster's capacity provider association/);
  });

  test('a provider the cluster does not have, a default strategy or a launch type beside the strategy throws', () => {
    const t1 = template();
    t1.Resources[find(t1, 'ComputeCapacityProviders')].Properties.CapacityProviders = ['FARGATE_SPOT'];
    expect(() => inventoryFromTemplate(t1)).toThrow(/FARGATE is not associated with the cluster \(FARGATE_SPOT\)/);
    const t2 = template();
    t2.Resources[find(t2, 'ComputeCapacityProviders')].Properties.DefaultCapacityProviderStrategy = [{ CapacityProvider: 'FARGATE_SPOT', Weight: 1 }];
    expect(() => inventoryFromTemplate(t2)).toThrow(/a default capacity provider strategy is not in the inventory/);
    const t3 = template();
    t3.Resources[find(t3, 'ComputeServiceindexerService')].Properties.LaunchType = 'FARGATE';
    expect(() => inventoryFromTemplate(t3)).toThrow(/is set beside a capacity provider strategy/);
  });
});

describe('a warm standby', () => {
  test('its workers are on Spot too, its own cluster has the providers, and both backends agree', async () => {
    const file = path.join(tmp, 'ledger-spot.yaml');
    writeFileSync(file, `blueprint: 1\nname: ledger-spot\nextends: ${path.join(ROOT, 'synth-tests/fixtures/warm-standby.yaml')}\nservices:\n  worker: { arch: x86_64 }\ncost:\n  spot_for_workers: true\n`);
    const loaded = loadBlueprint(file);
    const x = design(loaded.blueprint);
    expect(worker(x.standby!, 'worker').capacity).toEqual({ onDemandBase: 1, strategy: BASE_1 });
    expect(x.standby!.capacityProviders).toEqual(['FARGATE', 'FARGATE_SPOT']);
    const { cdk, differences } = await compareBackends(loaded);
    expect(differences).toEqual([]);
    expect(cdk.standby!.capacityProviders).toEqual(['FARGATE', 'FARGATE_SPOT']);
    expect(cdk.standby!.services.find((s) => s.key === 'worker')!.capacityProviderStrategy).toEqual(BASE_1);
  });
});

describe('cost', () => {
  const usage = usageFor(bp.requirements.peak_rps);
  const lines = billOf(factsFromDesign(d), usage);
  const of = (resource: string) => lines.filter((l) => l.resource === resource).map((l: CostLine) => [l.component, l.priceKey, l.quantity, l.basis]);
  const prices = pricesFor('us-east-1')!;

  test('the FARGATE base on regular Fargate, every further task on Spot, with its own price keys', () => {
    // resizer: min 2 (x86_64, 0.5 vCPU, 1 GB), which 30 % of the API's 100 messages/s does not exceed: one task on regular Fargate, one on Spot.
    expect(of('service:resizer')).toEqual([
      ['vCPU-hours', 'fargate.vcpu-hour.x86_64', 365, '1 of 2 tasks (30 messages/s / 40 per task -> 1, within 2-4) on regular Fargate (its base of 1) x 730 h x 0.5 vCPU'],
      ['GB-hours', 'fargate.gb-hour.x86_64', 730, '1 of 2 tasks (30 messages/s / 40 per task -> 1, within 2-4) on regular Fargate (its base of 1) x 730 h x 1 GB'],
      ['Spot vCPU-hours', 'fargate.spot.vcpu-hour.x86_64', 365, '1 of 2 tasks (30 messages/s / 40 per task -> 1, within 2-4) on Spot x 730 h x 0.5 vCPU'],
      ['Spot GB-hours', 'fargate.spot.gb-hour.x86_64', 730, '1 of 2 tasks (30 messages/s / 40 per task -> 1, within 2-4) on Spot x 730 h x 1 GB'],
    ]);
    // indexer: nothing sends to its queue at a known rate, so from zero: nothing runs all month.
    expect(of('service:indexer').map(([component, key, quantity]) => [component, key, quantity])).toEqual([
      ['vCPU-hours', 'fargate.vcpu-hour.x86_64', 0],
      ['GB-hours', 'fargate.gb-hour.x86_64', 0],
      ['Spot vCPU-hours', 'fargate.spot.vcpu-hour.x86_64', 0],
      ['Spot GB-hours', 'fargate.spot.gb-hour.x86_64', 0],
    ]);
    // The HTTP service and the job: regular Fargate only.
    expect(lines.filter((l) => l.priceKey.startsWith('fargate.spot.')).map((l) => l.resource)).toEqual(['service:indexer', 'service:indexer', 'service:resizer', 'service:resizer']);
  });

  test('all Spot below 99.9 %: no regular lines for the worker', () => {
    const low = billOf(factsFromDesign(design({ ...bp, requirements: { ...bp.requirements, availability: 99.5 } })), usage);
    expect(low.filter((l) => l.resource === 'service:resizer').map((l) => [l.component, l.quantity])).toEqual([
      ['Spot vCPU-hours', 730],
      ['Spot GB-hours', 1460],
    ]);
  });

  test('the snapshot prices Spot on x86_64 (third-party figures, marked uncertain); there is no arm64 Spot to price', () => {
    const e = estimate(d.name, lines, [...usage], prices);
    for (const key of ['fargate.spot.vcpu-hour.x86_64', 'fargate.spot.gb-hour.x86_64']) {
      expect(prices.prices[key].uncertain).toBeDefined();
      expect(e.unpriced).not.toContain(key);
    }
    expect(e.unpriced).toEqual([]);
    // An arm64 worker runs on regular Fargate: its lines are regular Fargate's, priced.
    const arm = billOf(factsFromDesign(design({ ...bp, services: { ...bp.services, indexer: { ...bp.services.indexer, arch: 'arm64' } } })), usage);
    expect(arm.filter((l) => l.resource === 'service:indexer').map((l) => l.priceKey)).toEqual(['fargate.vcpu-hour.arm64', 'fargate.gb-hour.arm64']);
    expect(arm.some((l) => l.priceKey.startsWith('fargate.spot.') && l.priceKey.endsWith('arm64'))).toBe(false);
  });

  test('the Spot saving: the Spot tasks\' hours at the regular price minus the Spot price; none while a side is unpriced', () => {
    const p = prices.prices;
    // resizer's one Spot task (x86_64, 0.5 vCPU, 1 GB): 365 vCPU-hours and 730 GB-hours; indexer runs nothing, so it saves nothing.
    const expected = 365 * (p['fargate.vcpu-hour.x86_64'].usd - p['fargate.spot.vcpu-hour.x86_64'].usd) + 730 * (p['fargate.gb-hour.x86_64'].usd - p['fargate.spot.gb-hour.x86_64'].usd);
    const saving = savingsOf(d, usage, prices).filter((s) => s.decision === 'Fargate Spot');
    expect(saving).toEqual([{ subject: 'services.resizer', decision: 'Fargate Spot', monthlyUsd: expect.any(Number), against: 'the same tasks on regular Fargate' }]);
    expect(Math.abs(saving[0].monthlyUsd - expected)).toBeLessThanOrEqual(0.01);
    // Without the x86_64 Spot prices, the Spot side is unpriced: no saving is claimed.
    const { 'fargate.spot.vcpu-hour.x86_64': _v, 'fargate.spot.gb-hour.x86_64': _g, ...rest } = p;
    expect(savingsOf(d, usage, { ...prices, prices: rest }).filter((s) => s.decision === 'Fargate Spot')).toEqual([]);
  });

  test('a strategy splitting tasks between FARGATE and FARGATE_SPOT by weight is not priced', () => {
    expect(spotOfStrategy([], 'service x')).toBeNull();
    expect(spotOfStrategy([{ capacityProvider: 'FARGATE', weight: 1 }], 'service x')).toBeNull();
    expect(spotOfStrategy(ALL_SPOT, 'service x')).toEqual({ onDemandBase: 0 });
    expect(spotOfStrategy(BASE_1, 'service x')).toEqual({ onDemandBase: 1 });
    expect(() => spotOfStrategy([{ capacityProvider: 'FARGATE', weight: 1 }, { capacityProvider: 'FARGATE_SPOT', weight: 4 }], 'service x')).toThrow(/service x splits its tasks between FARGATE and FARGATE_SPOT by weight/);
  });
});

test('blueprint plan lists the decisions', () => {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'blueprint.js'), 'plan', FILE], { cwd: ROOT, encoding: 'utf8' });
  expect(r.status).toBe(0);
  expect(r.stdout).toMatch(/services\.resizer +capacity +FARGATE_SPOT \(FARGATE base 1\) +derived +cost\.spot_for_workers: Fargate Spot is about 70 % cheaper/);
  expect(r.stdout).toMatch(/services\.indexer +capacity +FARGATE_SPOT \(FARGATE base 1\)/);
  expect(r.stdout).toMatch(/cost +spot_for_workers +workers on Fargate Spot: indexer, resizer +written/);
  const json = JSON.parse(spawnSync(process.execPath, [path.join(ROOT, 'bin', 'blueprint.js'), 'plan', FILE, '--json'], { cwd: ROOT, encoding: 'utf8' }).stdout);
  expect(json.decisions).toContainEqual(expect.objectContaining({ concern: 'cost', subject: 'services.resizer', name: 'capacity', value: 'FARGATE_SPOT (FARGATE base 1)' }));
});
