/*
 * blueprint prices refresh against recorded Price List items (synth-tests/fixtures/price-list/recorded.json,
 * each with where it was recorded), served over HTTP by a local stand-in of the Price List Query API. The
 * real AWS SDK client sends the requests (signed, paged); the real CLI writes the snapshot.
 * The CLI part runs the compiled CLI: npm run build first.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pricesFor, type PriceSnapshot } from '../src/cost/prices';
import { parsePriceListItem } from '../src/cost/refresh/price-list';
import { queryFor } from '../src/cost/refresh/queries';
import { refreshSnapshot } from '../src/cost/refresh/refresh';
import { priceListSource } from '../src/cost/refresh/aws';
import { startPriceListServer, type PriceListServer, type RecordedItem } from './support/price-list-server';

const ROOT = path.resolve(__dirname, '..');
// The SDK warns about Node 20 at its first client; the warning is not what these tests look at.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const RECORDED = (JSON.parse(readFileSync(path.join(__dirname, 'fixtures', 'price-list', 'recorded.json'), 'utf8')) as { items: RecordedItem[] }).items;
const CREDENTIALS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const TODAY = '2026-11-26';

let server: PriceListServer;
beforeEach(async () => {
  server = await startPriceListServer(RECORDED);
});
afterEach(() => server.close());

const source = () => priceListSource({ endpoint: server.url, credentials: CREDENTIALS });
const refresh = (keys: string[], old?: PriceSnapshot) => refreshSnapshot('us-east-1', keys, old, source(), TODAY);
const empty = (): PriceSnapshot => ({ region: 'us-east-1', currency: 'USD', updated: '2000-01-01', prices: {} });

describe('a Price List item', () => {
  test('is read for its SKU, family, attributes and on-demand dimensions', () => {
    const item = RECORDED.map((r) => parsePriceListItem(r.item)).find((p) => p.attributes.usagetype === 'USE1-Fargate-vCPU-Hours:perCPU')!;
    expect(item).toMatchObject({ productFamily: 'Compute', attributes: { regionCode: 'us-east-1' } });
    expect(item.dimensions).toEqual([expect.objectContaining({ unit: 'hours', usd: 0.04048, beginRange: '0', endRange: 'Inf' })]);
    expect(item.publicationDate).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  test('a malformed item names what it lacks', () => {
    expect(() => parsePriceListItem('{"product":{"sku":"X1","attributes":{}},"terms":{"OnDemand":{"t":{}}}}')).toThrow('product X1: an on-demand term has no priceDimensions');
    expect(() => parsePriceListItem('{"terms":{}}')).toThrow('the item has no product');
  });
});

describe('refreshing from recorded items', () => {
  test('Fargate: each architecture and dimension is told apart from the Windows, ephemeral-storage and ECS Anywhere products around it', async () => {
    const { snapshot, report } = await refresh(['fargate.vcpu-hour.x86_64', 'fargate.gb-hour.x86_64', 'fargate.vcpu-hour.arm64', 'fargate.gb-hour.arm64'], empty());
    expect(Object.fromEntries(Object.entries(snapshot.prices).map(([k, p]) => [k, p.usd]))).toEqual({
      'fargate.gb-hour.arm64': 0.00356,
      'fargate.gb-hour.x86_64': 0.004445,
      'fargate.vcpu-hour.arm64': 0.03238,
      'fargate.vcpu-hour.x86_64': 0.04048,
    });
    expect(report.added).toHaveLength(4);
    expect(snapshot.prices['fargate.vcpu-hour.arm64'].source).toMatch(/^AWS Price List API: GetProducts AmazonECS productFamily=Compute where usagetype ~ .*; sku \w+, rate code [\w.]+, "/);
    expect(snapshot.prices['fargate.vcpu-hour.arm64'].date).toMatch(/^\d{4}-\d\d-\d\d$/);
  });

  test('databases and storage: engine, deployment and class told apart; S3 Standard\'s first tier of three', async () => {
    const keys = ['rds.postgres.db.t3.micro.single-az.hour', 'rds.mysql.db.t3.micro.single-az.hour', 'aurora.postgresql.db.r6g.large.hour', 'aurora.mysql.db.r6g.large.hour', 's3.standard.gb-month'];
    const { snapshot, report } = await refresh(keys, empty());
    expect(report.failed).toEqual([]);
    expect(Object.fromEntries(keys.map((k) => [k, snapshot.prices[k].usd]))).toEqual({
      'rds.postgres.db.t3.micro.single-az.hour': 0.018,
      'rds.mysql.db.t3.micro.single-az.hour': 0.017,
      'aurora.postgresql.db.r6g.large.hour': 0.26,
      'aurora.mysql.db.r6g.large.hour': 0.26,
      's3.standard.gb-month': 0.023,
    });
    // A Multi-AZ instance is another product: none was recorded, so it is reported, not guessed from Single-AZ.
    const multi = await refresh(['rds.postgres.db.t3.micro.multi-az.hour'], empty());
    expect(multi.report.failed.map((f) => f.key)).toEqual(['rds.postgres.db.t3.micro.multi-az.hour']);
    expect(multi.snapshot.prices).toEqual({});
  });

  test('an uncertain price the Price List confirms loses its mark; an equal price is reported confirmed', async () => {
    const known = pricesFor('us-east-1')!.prices['fargate.vcpu-hour.arm64'];
    const uncertain = { ...known, source: 'a blog', uncertain: 'third-party page only' };
    const { snapshot, report } = await refresh(['fargate.vcpu-hour.arm64'], { ...empty(), prices: { 'fargate.vcpu-hour.arm64': uncertain } });
    expect(report.confirmed).toEqual(['fargate.vcpu-hour.arm64']);
    expect(snapshot.prices['fargate.vcpu-hour.arm64'].uncertain).toBeUndefined();
    expect(snapshot.prices['fargate.vcpu-hour.arm64'].source).toMatch(/^AWS Price List API/);
    // The snapshot's own unit name is kept (the Price List says "hours").
    expect(snapshot.prices['fargate.vcpu-hour.arm64'].unit).toBe('vCPU-hour');
  });

  test('a changed price is reported with both values; a key not found keeps its old price and says why', async () => {
    const stale = { usd: 0.05, unit: 'vCPU-hour', source: 'an old figure', date: '2020-01-01' };
    const gone = { usd: 1, unit: 'hour', source: 'an old figure', date: '2020-01-01' };
    const { snapshot, report } = await refresh([], { ...empty(), prices: { 'fargate.vcpu-hour.x86_64': stale, 'elasticache.valkey.cache.x9.large.hour': gone } });
    expect(report.changed).toEqual([{ key: 'fargate.vcpu-hour.x86_64', from: 0.05, to: 0.04048 }]);
    expect(report.failed).toEqual([{ key: 'elasticache.valkey.cache.x9.large.hour', reason: expect.stringMatching(/^no product in us-east-1 matches AmazonElastiCache productFamily=Cache Instance instanceType=cache.x9.large cacheEngine=Valkey where usagetype ~ \[region-\]NodeUsage:cache\.x9\.large \(0 returned\); kept 1 from 2020-01-01$/) }]);
    expect(snapshot.prices['elasticache.valkey.cache.x9.large.hour']).toEqual(gone);
    expect(snapshot).toMatchObject({ region: 'us-east-1', currency: 'USD', updated: TODAY });
  });

  test('prices the Price List does not hold are kept as they are', async () => {
    const free = pricesFor('us-east-1')!.prices['cloudtrail.management-events.first-copy'];
    const { snapshot, report } = await refresh([], { ...empty(), prices: { 'cloudtrail.management-events.first-copy': free } });
    expect(report.kept).toEqual(['cloudtrail.management-events.first-copy']);
    expect(snapshot.prices['cloudtrail.management-events.first-copy']).toEqual(free);
  });

  test('requests: signed, one per distinct query, every page followed', async () => {
    await refresh(['fargate.vcpu-hour.x86_64', 'fargate.gb-hour.x86_64', 'fargate.vcpu-hour.arm64', 'fargate.gb-hour.arm64'], empty());
    expect(server.requests.every((r) => r.target === 'AWSPriceListService.GetProducts' && r.authorization.startsWith('AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/'))).toBe(true);
    const queries = new Set(server.requests.map((r) => JSON.stringify([r.body.ServiceCode, r.body.Filters])));
    expect(queries.size).toBe(1);
    expect(server.requests[0].body).toMatchObject({ ServiceCode: 'AmazonECS', FormatVersion: 'aws_v1', Filters: [{ Type: 'TERM_MATCH', Field: 'productFamily', Value: 'Compute' }, { Type: 'TERM_MATCH', Field: 'regionCode', Value: 'us-east-1' }] });
    // More Compute products than a page (3 here): NextToken was followed to the end.
    expect(server.requests.length).toBeGreaterThan(2);
    expect(server.requests.slice(1).every((r) => r.body.NextToken)).toBe(true);
  });

  test('an API failure ends the refresh with the API\'s own error', async () => {
    server.failWith = { status: 400, type: 'AccessDeniedException', message: 'User is not authorized to perform: pricing:GetProducts' };
    await expect(refresh(['fargate.vcpu-hour.x86_64'], empty())).rejects.toMatchObject({ name: 'AccessDeniedException' });
  });
});

describe('the queries', () => {
  test('every key the us-east-1 snapshot has is queried, except the free first copy of CloudTrail events, Fargate Spot (not in the Price List), prices Blueprint does not bill yet, AWS Backup\'s generic warm storage, X-Ray, AppSync and Cognito (their usage types unverified)', () => {
    const keys = Object.keys(pricesFor('us-east-1')!.prices).filter((k) => !queryFor(k));
    expect(keys).toEqual(['apigateway.http.requests.million', 'apigateway.rest.requests.million', 'appsync.connection-minutes.million', 'appsync.realtime-updates.million', 'appsync.requests.million', 'backup.warm-storage.gb-month', 'cloudtrail.management-events.first-copy', 'cognito.mau', 'cognito.threat-protection.mau', 'fargate.spot.gb-hour.x86_64', 'fargate.spot.vcpu-hour.x86_64', 'guardduty.cloudtrail-events.million', 'guardduty.vpc-flow-logs.gb', 'securityhub.security-checks.first-100k', 'xray.traces-recorded.million']);
  });

  test('CloudFront is looked up at the edge location that prices the stack\'s Region, Route 53 once for every Region', async () => {
    expect(queryFor('cloudfront.data-transfer-out.gb')).toMatchObject({ serviceCode: 'AmazonCloudFront', regionField: 'fromLocation', pricedAt: { 'us-east-1': 'United States', 'us-west-2': 'United States', 'eu-west-1': 'Europe' } });
    expect(queryFor('route53.hosted-zone.month')).toMatchObject({ serviceCode: 'AmazonRoute53', pricedAt: 'global' });
    await refresh(['cloudfront.requests.https.10k', 'route53.queries.million'], empty());
    const sent = server.requests.map((r) => r.body as { ServiceCode: string; Filters: { Field: string; Value: string }[] });
    expect(sent.find((b) => b.ServiceCode === 'AmazonCloudFront')!.Filters).toEqual(expect.arrayContaining([expect.objectContaining({ Field: 'location', Value: 'United States' })]));
    expect(sent.find((b) => b.ServiceCode === 'AmazonRoute53')!.Filters.map((f) => f.Field)).toEqual(['productFamily']);
    const elsewhere = await refreshSnapshot('ap-south-1', ['cloudfront.data-transfer-out.gb'], empty(), source(), TODAY);
    expect(elsewhere.report.failed).toEqual([{ key: 'cloudfront.data-transfer-out.gb', reason: 'no location is known to price ap-south-1 at' }]);
  });

  test('instance classes and node types are read from the key', () => {
    expect(queryFor('rds.postgres.db.m7g.large.multi-az.hour')).toMatchObject({ serviceCode: 'AmazonRDS', filters: { instanceType: 'db.m7g.large', databaseEngine: 'PostgreSQL', deploymentOption: 'Multi-AZ' } });
    expect(queryFor('aurora.mysql.db.r7g.xlarge.hour')).toMatchObject({ filters: { instanceType: 'db.r7g.xlarge', databaseEngine: 'Aurora MySQL' } });
    expect(queryFor('elasticache.valkey.cache.t4g.small.hour')).toMatchObject({ serviceCode: 'AmazonElastiCache', filters: { instanceType: 'cache.t4g.small', cacheEngine: 'Valkey' } });
  });
});

describe('blueprint prices refresh (the CLI)', () => {
  let tmp: string;
  beforeAll(() => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'blueprint-prices-'));
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  const cli = (args: string[], env: Record<string, string> = {}) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        [path.join(ROOT, 'bin', 'blueprint.js'), 'prices', ...args],
        { cwd: ROOT, env: { PATH: process.env.PATH ?? '', HOME: tmp, AWS_ENDPOINT_URL_PRICING: server.url, AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...env } },
        (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
      );
    });

  test('writes the snapshot and reports what it found, changed and could not find', async () => {
    const out = path.join(tmp, 'us-east-1.json');
    const r = await cli(['refresh', '--region', 'us-east-1', '-o', out, path.join(ROOT, 'blueprints', 'web-app.yaml')]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const written = JSON.parse(readFileSync(out, 'utf8')) as PriceSnapshot;
    const before = pricesFor('us-east-1')!;
    expect(written.updated).toMatch(/^\d{4}-\d\d-\d\d$/);
    // Everything the snapshot had is still there; the recorded Fargate prices are confirmed.
    expect(Object.keys(written.prices)).toEqual(expect.arrayContaining(Object.keys(before.prices)));
    expect(written.prices['fargate.vcpu-hour.arm64']).toMatchObject({ usd: 0.03238, source: expect.stringMatching(/^AWS Price List API/) });
    expect(r.stdout).toMatch(/^us-east-1: \d+ confirmed, \d+ changed, \d+ added, \d+ not found, \d+ not in the Price List \(kept as they were\)$/m);
    expect(r.stdout).toMatch(/^ {2}missing {2}ec2\.nat-gateway\.hour: no product in us-east-1 matches AmazonEC2 productFamily=NAT Gateway where usagetype ~ \[region-\]NatGateway-Hours \(0 returned\); kept 0\.045 from /m);
    expect(r.stdout).toContain(`wrote ${out}`);
  });

  test('no credentials, or a refusal: one line, exit 1, no stack trace', async () => {
    const none = await cli(['refresh', '--region', 'us-east-1', '-o', path.join(tmp, 'x.json')], { AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', AWS_CONFIG_FILE: path.join(tmp, 'none'), AWS_SHARED_CREDENTIALS_FILE: path.join(tmp, 'none'), AWS_EC2_METADATA_DISABLED: 'true' });
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/^blueprint prices: prices refresh: no AWS credentials/);
    expect(none.stderr).not.toMatch(/^\s+at /m);
  });

  test('usage mistakes', async () => {
    expect((await cli(['refresh'])).stderr).toContain('prices refresh needs --region REGION');
    expect((await cli(['refesh', '--region', 'us-east-1'])).stderr).toContain('unknown action "refesh"; the only one is refresh');
    expect((await cli(['refresh', '--region', 'virginia'])).stderr).toContain('--region virginia is not an AWS region name');
  });
});
