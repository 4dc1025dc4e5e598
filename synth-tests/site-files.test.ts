import { createHash } from 'node:crypto';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { design } from '../src/design';
import { IMMUTABLE, NO_CACHE, contentTypeOf, isContentHashed, siteFilesDigest } from '../src/design/site-files';
import { BlueprintError, loadBlueprint } from '../src/load';
import { inventoryFromPulumi } from '../src/parity/pulumi';
import { runUnderMocks, type RegisteredResource } from '../src/pulumi/mock-run';
import { cfnInventory, designOf, synth } from './support';

/*
 * A static site's files (services.<key>.source): the loader's checks, the design's list and headers, CDK's
 * BucketDeployments of one asset, Pulumi's objects, and both inventories.
 */

const FIXTURE = 'synth-tests/fixtures/site-source.yaml';
const d = designOf(FIXTURE);
const files = d.sites![0].files!;
const sha = (s: string) => createHash('sha256').update(s).digest('hex');

describe('the loader', () => {
  test('source is resolved relative to the blueprint file', () => {
    expect(loadBlueprint(FIXTURE).blueprint.services.www.source).toBe('synth-tests/fixtures/site');
  });

  const dir = mkdtempSync(path.join(tmpdir(), 'site-source-'));
  const write = (name: string, source: string) => {
    const f = path.join(dir, name);
    writeFileSync(f, `blueprint: 1\nname: site\nrequirements:\n  regions: { primary: us-east-1 }\nservices:\n  www:\n    kind: static-site\n    source: ${source}\n`);
    return f;
  };
  const messages = (f: string) => {
    try {
      loadBlueprint(f);
    } catch (e) {
      return (e as BlueprintError).issues.map((i) => `${i.line}:${i.col} ${i.path}: ${i.message}`);
    }
    return [];
  };
  test('a missing directory, a file, a directory without index.html, a file name with a wildcard: each an error at source', () => {
    mkdirSync(path.join(dir, 'empty'));
    mkdirSync(path.join(dir, 'odd'));
    writeFileSync(path.join(dir, 'odd', 'index.html'), '<p>');
    writeFileSync(path.join(dir, 'odd', 'a[1].js'), '1');
    writeFileSync(path.join(dir, 'file.txt'), 'x');
    const d2 = dir.split(path.sep).join('/');
    expect(messages(write('missing.yaml', 'nope'))).toEqual([`8:13 services.www.source: ${d2}/nope does not exist (source is relative to the blueprint file that writes it)`]);
    expect(messages(write('file.yaml', 'file.txt'))).toEqual([`8:13 services.www.source: ${d2}/file.txt is a file: write the directory of the site's built files`]);
    expect(messages(write('empty.yaml', 'empty'))).toEqual([`8:13 services.www.source: ${d2}/empty has no index.html: the distribution answers / with it`]);
    expect(messages(write('odd.yaml', 'odd'))).toEqual([`8:13 services.www.source: a[1].js in ${d2}/odd: a file name with * ? [ ] or \\ cannot be uploaded (the CDK upload selects files by aws s3 sync patterns)`]);
  });
});

describe('the design', () => {
  test('every file, sorted by path, with its size, SHA-256, content type and Cache-Control', () => {
    expect(files.files.map((f) => [f.path, f.contentType, f.cacheControl])).toEqual([
      ['assets/index-BRx3k2aF.js', 'text/javascript; charset=utf-8', IMMUTABLE],
      ['assets/index-D4x9Qe2L.css', 'text/css; charset=utf-8', IMMUTABLE],
      ['favicon.svg', 'image/svg+xml', NO_CACHE],
      ['index.html', 'text/html; charset=utf-8', NO_CACHE],
      ['robots.txt', 'text/plain; charset=utf-8', NO_CACHE],
    ]);
    const robots = files.files.find((f) => f.path === 'robots.txt')!;
    expect(robots).toMatchObject({ size: 23, sha256: sha('User-agent: *\nAllow: /\n') });
    expect(files.digest).toBe(siteFilesDigest(files.files));
    expect(files).toMatchObject({ source: 'synth-tests/fixtures/site', prune: false, invalidation: 'none' });
  });

  test('one group per content type and Cache-Control, sorted by id', () => {
    expect(files.groups.map((g) => [g.id, g.paths])).toEqual([
      ['ImageSvgXmlNoCache', ['favicon.svg']],
      ['TextCssImmutable', ['assets/index-D4x9Qe2L.css']],
      ['TextHtmlNoCache', ['index.html']],
      ['TextJavascriptImmutable', ['assets/index-BRx3k2aF.js']],
      ['TextPlainNoCache', ['robots.txt']],
    ]);
  });

  test('content-hashed names: bundlers\' hashes, not words or versions', () => {
    expect(['assets/index-BRx3k2aF.js', 'main.3f2a1b4c.js', 'chunk-abcdefgh12.css', 'x/app.AbCdEfGh.js'].map(isContentHashed)).toEqual([true, true, true, true]);
    expect(['index.html', 'bootstrap.bundle.min.js', 'site-header.css', 'jquery-3.7.1.min.js', 'abcdefgh.js', 'a/b-abcdefgh.js'].map(isContentHashed)).toEqual([false, false, false, false, false, false]);
    expect([contentTypeOf('A.PNG'), contentTypeOf('data.bin'), contentTypeOf('.env'), contentTypeOf('x.woff2')]).toEqual(['image/png', 'application/octet-stream', 'application/octet-stream', 'font/woff2']);
  });

  test('the decisions are recorded: headers, invalidation, removed files', () => {
    const value = (name: string) => d.decisions.find((x) => x.subject === 'services.www' && x.name === name)?.value;
    expect(value('source')).toBe(`synth-tests/fixtures/site: 5 files, ${files.files.reduce((n, f) => n + f.size, 0)} bytes`);
    expect(value('cache_control')).toBe(`2 content-hashed files: ${IMMUTABLE}; 3 others (index.html among them): ${NO_CACHE}`);
    expect(value('invalidation')).toBe('none');
    expect(value('removed_files')).toBe('kept');
  });

  test('a site without source has no files, and no upload acknowledgements', () => {
    const bp = loadBlueprint(FIXTURE).blueprint;
    const without = design({ ...bp, services: { www: { ...bp.services.www, source: undefined } } });
    expect(without.sites![0].files).toBeUndefined();
    expect(without.acknowledgements.filter((a) => a.on.kind === 'site-upload-handler')).toEqual([]);
  });
});

describe('the CloudFormation template', () => {
  const { assertions: t, template } = synth(FIXTURE);
  const resources = (template as { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> }).Resources;
  const bucket = Object.keys(resources).find((id) => resources[id].Type === 'AWS::S3::Bucket' && id.startsWith('Siteswww'))!;

  test('one BucketDeployment per group, into the site bucket: its paths only, its headers, no prune, no invalidation, one asset named by the digest', () => {
    t.resourceCountIs('Custom::CDKBucketDeployment', 5);
    for (const g of files.groups) {
      const id = Object.keys(resources).find((k) => k.startsWith(`SiteswwwFiles${g.id}`) && resources[k].Type === 'Custom::CDKBucketDeployment')!;
      expect(resources[id].Properties).toEqual({
        ServiceToken: expect.anything(),
        RetainOnDelete: true,
        SourceBucketNames: [{ 'Fn::Sub': 'cdk-hnb659fds-assets-${AWS::AccountId}-us-east-1' }],
        SourceObjectKeys: [`${sha(files.digest)}.zip`],
        DestinationBucketName: { Ref: bucket },
        WaitForDistributionInvalidation: true,
        Prune: false,
        Exclude: ['*'],
        Include: g.paths,
        SystemMetadata: { 'cache-control': g.cacheControl, 'content-type': g.contentType },
        OutputObjectKeys: true,
      });
    }
    expect(Object.values(resources).some((r) => r.Type === 'Custom::CDKBucketDeployment' && 'DistributionId' in r.Properties)).toBe(false);
  });

  test("the one handler, with the first deployment's AWS CLI layer only", () => {
    t.resourceCountIs('AWS::Lambda::LayerVersion', 1);
    const fns = Object.entries(resources).filter(([id, r]) => r.Type === 'AWS::Lambda::Function' && id.startsWith('CustomCDKBucketDeployment'));
    expect(fns.length).toBe(1);
    const layer = Object.keys(resources).find((k) => resources[k].Type === 'AWS::Lambda::LayerVersion');
    expect(fns[0][1].Properties.Layers).toEqual([{ Ref: layer }]);
  });
});

describe('the Pulumi program', () => {
  let g: RegisteredResource[];
  beforeAll(async () => {
    g = await runUnderMocks(d);
  }, 60_000);

  test('one object per file, in path order, with the design\'s headers and SHA-256, kept when removed', () => {
    const objects = g.filter((r) => r.type === 'aws:s3/bucketObjectv2:BucketObjectv2');
    expect(objects.map((o) => [o.name, o.inputs.key, o.inputs.contentType, o.inputs.cacheControl, o.inputs.sourceHash, o.retainOnDelete])).toEqual(
      files.files.map((f) => [`site-source-site-www-file-${f.path}`, f.path, f.contentType, f.cacheControl, f.sha256, true]),
    );
    expect(new Set(objects.map((o) => o.inputs.bucket)).size).toBe(1);
    expect(objects.every((o) => o.parent === 'blueprint:index:Sites::site-source')).toBe(true);
  });

  test('both inventories list the same files with the same hash: the asset hash CDK names', () => {
    const cdk = cfnInventory(FIXTURE).sites[0];
    const pulumi = inventoryFromPulumi(g).sites[0];
    expect(cdk.files).toEqual(files.files.map((f) => ({ path: f.path, contentType: f.contentType, cacheControl: f.cacheControl })));
    expect(cdk.filesHash).toBe(sha(files.digest));
    expect(pulumi.files).toEqual(cdk.files);
    expect(pulumi.filesHash).toBe(cdk.filesHash);
  });

  test('a changed file changes the Pulumi side\'s hash, so parity would catch a stale upload', () => {
    const tampered = g.map((r) => (r.inputs?.key === 'index.html' ? { ...r, inputs: { ...r.inputs, sourceHash: sha('other') } } : r));
    expect(inventoryFromPulumi(tampered).sites[0].filesHash).not.toBe(cfnInventory(FIXTURE).sites[0].filesHash);
  });
});
