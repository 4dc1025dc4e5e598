import { createHash } from 'node:crypto';
import { listSiteFiles } from '../load/site-files';
import type { DecisionLog } from './decisions';
import { recorder } from './decisions';
import { acknowledgeInPacks } from './compliance';
import type { SecurityDesign, SiteFilesDesign } from './types';

/*
 * A static site's files (services.<key>.source): each uploaded with a content type from its extension and a
 * Cache-Control header decided here, so both backends upload the same objects with the same headers.
 */

/** Content types by extension (lower case); text types in UTF-8. Any other extension: application/octet-stream. */
export const CONTENT_TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  htm: 'text/html; charset=utf-8',
  css: 'text/css; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  mjs: 'text/javascript; charset=utf-8',
  json: 'application/json',
  map: 'application/json',
  webmanifest: 'application/manifest+json',
  txt: 'text/plain; charset=utf-8',
  xml: 'application/xml',
  svg: 'image/svg+xml',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  avif: 'image/avif',
  ico: 'image/vnd.microsoft.icon',
  woff: 'font/woff',
  woff2: 'font/woff2',
  ttf: 'font/ttf',
  otf: 'font/otf',
  pdf: 'application/pdf',
  wasm: 'application/wasm',
  mp4: 'video/mp4',
  webm: 'video/webm',
  mp3: 'audio/mpeg',
};
export const DEFAULT_CONTENT_TYPE = 'application/octet-stream';

/** A year, immutable: a content-hashed name changes whenever its content does. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Cached, but revalidated on every use: a new deploy is seen at once. */
export const NO_CACHE = 'no-cache';

/**
 * A content-hashed file name, as bundlers write them (Vite `index-BRx3k2aF.js`, webpack `main.3f2a1b4c.js`):
 * a last segment before the extension, after `.` or `-`, of 8 or more letters, digits, `_` or `-` that has a digit
 * or mixes upper and lower case (so `bootstrap.bundle.min.js` or `site-header.css` are not).
 */
export function isContentHashed(path: string): boolean {
  const m = /[.-]([A-Za-z0-9_]{8,})\.[A-Za-z0-9]+$/.exec(path.slice(path.lastIndexOf('/') + 1));
  return !!m && (/\d/.test(m[1]) || (/[a-z]/.test(m[1]) && /[A-Z]/.test(m[1])));
}

export function contentTypeOf(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return (dot > 0 && CONTENT_TYPES[name.slice(dot + 1).toLowerCase()]) || DEFAULT_CONTENT_TYPE;
}

/** The digest of a site's files both backends' uploads are checked against: SHA-256 of each "<path> <sha256>" line, sorted by path. */
export function siteFilesDigest(files: { path: string; sha256: string }[]): string {
  return createHash('sha256')
    .update([...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)).map((f) => `${f.path} ${f.sha256}\n`).join(''))
    .digest('hex');
}

/** A group's ID (construct IDs): its content type's letters in PascalCase and its caching, e.g. TextHtmlNoCache. */
function groupId(contentType: string, cacheControl: string): string {
  const words = contentType.split(';')[0].split(/[^A-Za-z0-9]+/).filter(Boolean);
  return `${words.map((w) => w[0].toUpperCase() + w.slice(1)).join('')}${cacheControl === IMMUTABLE ? 'Immutable' : 'NoCache'}`;
}

/** The files of a site's source directory, their headers, and how they are uploaded. */
export function designSiteFiles(key: string, source: string, log: DecisionLog): SiteFilesDesign {
  const record = recorder(log, 'security', `services.${key}`);
  const files = listSiteFiles(source).map((f) => {
    const cacheControl = isContentHashed(f.path) ? IMMUTABLE : NO_CACHE;
    return { ...f, contentType: contentTypeOf(f.path), cacheControl };
  });
  const groups = new Map<string, SiteFilesDesign['groups'][number]>();
  for (const f of files) {
    const id = groupId(f.contentType, f.cacheControl);
    const g = groups.get(id) ?? { id, contentType: f.contentType, cacheControl: f.cacheControl, paths: [] };
    g.paths.push(f.path);
    groups.set(id, g);
  }
  const hashed = files.filter((f) => f.cacheControl === IMMUTABLE).length;
  const bytes = files.reduce((n, f) => n + f.size, 0);
  record('source', `${source}: ${files.length} files, ${bytes} bytes`, 'written', 'uploaded to the site\'s bucket when the stack deploys (CDK: an asset unpacked by a BucketDeployment; Pulumi: one object per file), in path order');
  record(
    'content_type',
    [...new Set(files.map((f) => f.contentType))].sort().join(', '),
    'derived',
    `from each file's extension (text types in UTF-8; an unknown extension is ${DEFAULT_CONTENT_TYPE}), written on the object, so browsers never guess (the sites send X-Content-Type-Options: nosniff)`,
  );
  record(
    'cache_control',
    `${hashed} content-hashed files: ${IMMUTABLE}; ${files.length - hashed} others (index.html among them): ${NO_CACHE}`,
    'derived',
    'a content-hashed name (a bundler\'s index-BRx3k2aF.js) changes with its content, so browsers and CloudFront keep it a year without asking again; every other file (the HTML pages that name the hashed files, favicon, robots.txt) is revalidated on each use, so a deploy is seen at once (CloudFront keeps it for its cache policy\'s minimum TTL, 1 s)',
  );
  record(
    'invalidation',
    'none',
    'derived',
    'nothing needs invalidating after a deploy: files that keep their names are served no-cache (CloudFront holds them 1 s), hashed files get new names. An invalidation would make each CDK deploy wait for it and bill paths above 1,000 a month, and Pulumi\'s AWS provider has no invalidation resource',
  );
  record(
    'removed_files',
    'kept',
    'default',
    'a file no longer in the source stays in the bucket (CDK: prune false, and the objects are retained when the upload is removed; Pulumi: retainOnDelete): a browser or edge cache holding the previous index.html still loads the previous build\'s hashed files. Versioning expires replaced files after the noncurrent period; delete stale files with aws s3 rm when wanted',
  );
  return { source, files, digest: siteFilesDigest(files), groups: [...groups.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)), prune: false, invalidation: 'none' };
}

/**
 * The findings of the stack's one BucketDeployment handler (aws-cdk-lib's, shared by every site with files) and its
 * role, each acknowledged there alone. Its policy is aws-cdk-lib's grant, which the construct does not let us narrow.
 */
export function acknowledgeSiteUploads(log: DecisionLog, security: SecurityDesign, sites: string[]): void {
  const on = { kind: 'site-upload-handler' } as const;
  const what = `the function aws-cdk-lib's BucketDeployment runs while the stack deploys, to unpack the files of ${sites.map((s) => `site ${s}`).join(', ')} into ${sites.length === 1 ? 'its bucket' : 'their buckets'}`;
  log.acknowledge({ rule: 'AwsSolutions-IAM4', on, finding: { kind: 'managed-policy', name: 'service-role/AWSLambdaBasicExecutionRole' }, reason: `${what}: AWSLambdaBasicExecutionRole lets it write its own logs only (logs:CreateLogGroup, CreateLogStream, PutLogEvents); aws-cdk-lib's construct attaches it and takes no scoped policy` });
  for (const action of ['s3:GetBucket*', 's3:GetObject*', 's3:List*']) {
    log.acknowledge({ rule: 'AwsSolutions-IAM5', on, finding: { kind: 'action', action }, reason: `${what}: aws-cdk-lib's read grant (${action}) on the CDK asset bucket and the site buckets only, which aws s3 sync needs to list and compare objects` });
  }
  for (const action of ['s3:Abort*', 's3:DeleteObject*']) {
    log.acknowledge({ rule: 'AwsSolutions-IAM5', on, finding: { kind: 'action', action }, reason: `${what}: aws-cdk-lib's write grant (${action}) on the site buckets' objects only, for aborting failed multipart uploads and replacing objects; nothing is pruned (prune: false)` });
  }
  log.acknowledge({ rule: 'AwsSolutions-IAM5', on, finding: { kind: 'asset-objects' }, reason: `${what}: it reads the uploaded asset (the zipped source directory) from the CDK bootstrap's asset bucket, whose object keys are content hashes known only once the assets are staged` });
  for (const site of sites) {
    log.acknowledge({ rule: 'AwsSolutions-IAM5', on, finding: { kind: 'site-objects', site }, reason: `${what}: it writes the files of site ${site}, any path under that one bucket (the site's file names), no other bucket` });
  }
  log.acknowledge({ rule: 'AwsSolutions-L1', on, reason: `${what}: aws-cdk-lib fixes its Python runtime with the handler code it ships (updated with aws-cdk-lib); it serves no requests, it runs only while a deploy changes the files` });
  // Under a compliance profile's pack: what the handler is, rather than a function of the blueprint.
  acknowledgeInPacks(log, security, 'IAMNoInlinePolicy', on, `${what}: aws-cdk-lib gives its role one inline policy (its grants on the asset and site buckets), used by nothing else; the construct takes no managed policy`);
  acknowledgeInPacks(log, security, 'LambdaConcurrency', on, `${what}: CloudFormation invokes it once per upload of a deploy, never a request: there is no load to cap`);
  acknowledgeInPacks(log, security, 'LambdaDLQ', on, `${what}: CloudFormation invokes it synchronously and fails the deploy (rolling back) when it fails: there is no asynchronous event to keep`);
  acknowledgeInPacks(log, security, 'LambdaInsideVPC', on, `${what}: it reaches only S3 (the asset and site buckets) over HTTPS with its role's credentials, no resource inside the VPC; a VPC would add NAT or endpoint traffic and nothing to isolate`);
  acknowledgeInPacks(log, security, 'CloudWatchLogGroupEncrypted', on, `${what}: its log group, which aws-cdk-lib creates, holds only the sync's file names and errors (no data); it is encrypted by CloudWatch Logs' own keys`);
}
