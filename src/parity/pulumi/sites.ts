/*
 * Static sites of a mock run (see SiteInventory), as the CloudFormation reader reads them: each distribution
 * by its blueprint:site tag, its one S3 origin and Origin Access Control, default cache behavior, response
 * headers policy, certificate ("requested:<domain>" for the stack's own, validated; an ARN written out; or
 * the CloudFront default), the web ACL it names, and whether its bucket's policy lets only it read.
 */
import { createHash } from 'node:crypto';
import type { AccessLogsInventory, ApiInventory, CustomOriginDistributionInventory, LoadBalancerInventory, SiteInventory } from '../inventory';
import { bucketNameOf } from './access-logs';
import { mockOutputs } from '../../pulumi/mock-values';
import { apiDimension } from './apis';
import { certificateOf } from './certificates';
import type { Context, Inputs, R } from './context';
import { storeNameOf } from './store-names';
import { T } from './resource-types';

const KNOWN = ['enabled', 'comment', 'defaultRootObject', 'httpVersion', 'isIpv6Enabled', 'priceClass', 'webAclId', 'loggingConfig', 'aliases', 'origins', 'defaultCacheBehavior', 'customErrorResponses', 'restrictions', 'viewerCertificate', 'tags'];

/** The tag that names an HTTP API's distribution (apis.<key>.cdn): the API's key. */
const API_CDN_TAG = 'blueprint:api-cdn';

/** The tag that names the load balancer's distribution (load_balancing.public.cdn). */
export const LB_CDN_TAG = 'blueprint:lb-cdn';

/**
 * A distribution's standard logs (loggingConfig), as the CloudFormation reader reads them: the bucket its regional
 * domain name (as the mocks give it) names, by its inventory name, and the prefix; cookies logged throw.
 */
function readLogging(ctx: Context, l: Inputs | undefined, what: string): AccessLogsInventory | null {
  if (l === undefined) return null;
  const extra = Object.keys(l).filter((k) => !['bucket', 'includeCookies', 'prefix'].includes(k));
  if (extra.length) throw new Error(`parity: ${what}: loggingConfig ${extra.join(', ')} not in the inventory`);
  if (l.includeCookies === true) throw new Error(`parity: ${what}: logs cookies, not in the inventory`);
  const bucket = ctx.must(ctx.ofType(T.bucket).find((b) => l.bucket === `${b.name}.s3.${ctx.regionOf(b)}.amazonaws.com`), `the log bucket of ${what} (${l.bucket}: the mocks' regional domain name of a bucket)`);
  return { bucket: bucketNameOf(ctx, bucket), prefix: l.prefix ?? '' };
}

/**
 * A distribution in front of a custom origin (an API's, the load balancer's), as the CloudFormation reader reads
 * it: enabled, no geo restriction, one origin whose domain `originOf` names, the inputs `inputs` lists besides
 * the shared ones and nothing else.
 */
function readCustomOriginDistribution(ctx: Context, dist: R, inputs: string[], what: string, originOf: (domain: unknown) => string | undefined): CustomOriginDistributionInventory {
  const { ofType, byArnValue, must } = ctx;
  const a = dist.inputs;
  const name = `distribution ${dist.name}`;
  const extra = Object.keys(a).filter((k) => ![...inputs, 'aliases', 'enabled', 'comment', 'httpVersion', 'isIpv6Enabled', 'priceClass', 'webAclId', 'loggingConfig', 'origins', 'defaultCacheBehavior', 'restrictions', 'viewerCertificate', 'tags'].includes(k));
  if (extra.length) throw new Error(`parity: ${name}: ${extra.join(', ')} not in the inventory of ${what} distribution`);
  if (a.enabled !== true) throw new Error(`parity: ${name}: the inventory reads enabled distributions only`);
  if (a.restrictions?.geoRestriction?.restrictionType !== 'none') throw new Error(`parity: ${name}: geo restrictions are not in the inventory`);
  const origins = a.origins as Inputs[];
  if (origins.length !== 1) throw new Error(`parity: ${name}: ${origins.length} origins; the inventory reads one`);
  const o = origins[0];
  const domain = originOf(o.domainName);
  if (!domain) throw new Error(`parity: ${name}: origin ${o.domainName} is not ${what} origin`);
  const oc = must(o.customOriginConfig as Inputs | undefined, `the custom origin config of ${name}`);
  const b = a.defaultCacheBehavior as Inputs;
  const acl = a.webAclId === undefined ? undefined : must(ofType(T.webAcl).find((w) => byArnValue(w) === a.webAclId), `the web ACL of ${name}`);
  const vc = a.viewerCertificate as Inputs;
  return {
    origin: { domain, protocolPolicy: oc.originProtocolPolicy, sslProtocols: [...((oc.originSslProtocols ?? []) as string[])].sort() },
    comment: a.comment ?? '',
    httpVersion: a.httpVersion ?? 'http2',
    ipv6: a.isIpv6Enabled === true,
    priceClass: a.priceClass ?? 'PriceClass_All',
    webAcl: acl ? (acl.inputs.name as string) : null,
    accessLogs: readLogging(ctx, a.loggingConfig, name),
    aliases: [...((a.aliases as string[] | undefined) ?? [])].sort(),
    certificate: vc.acmCertificateArn === undefined ? 'cloudfront-default' : certificateOf(ctx, vc.acmCertificateArn)!,
    minimumProtocolVersion: vc.cloudfrontDefaultCertificate ? null : (vc.minimumProtocolVersion ?? null),
    sslSupportMethod: vc.cloudfrontDefaultCertificate ? null : (vc.sslSupportMethod ?? null),
    behavior: {
      viewerProtocolPolicy: b.viewerProtocolPolicy,
      allowedMethods: [...(b.allowedMethods as string[])].sort(),
      cachedMethods: [...(b.cachedMethods as string[])].sort(),
      compress: b.compress === true,
      cachePolicyId: b.cachePolicyId,
      originRequestPolicyId: b.originRequestPolicyId ?? null,
    },
  };
}

/**
 * The load balancer's distribution (load_balancing.public.cdn), in front of load balancer `lb`: its one custom
 * origin the load balancer's DNS name (as the mocks give it), its aliases and certificate; anything not read throws.
 */
export function readLoadBalancerDistribution(ctx: Context, lb: R): LoadBalancerInventory['cdn'] {
  const found = ctx.ofType(T.distribution).filter((x) => x.inputs.tags?.[LB_CDN_TAG] !== undefined);
  if (found.length > 1) throw new Error(`parity: ${found.length} distributions of the load balancer; the inventory reads one`);
  if (!found.length) return null;
  const dnsName = mockOutputs(T.lb, lb.name, ctx.regionOf(lb), lb.inputs).dnsName;
  return readCustomOriginDistribution(ctx, found[0], [], "the load balancer's", (domain) => (domain === dnsName ? 'load-balancer' : undefined));
}

/** Each HTTP API's distribution, by the API's key (its origin the API's execute-api name, as the mocks give its id); anything not read throws. */
export function readApiDistributions(ctx: Context): Map<string, NonNullable<ApiInventory['cdn']>> {
  const out = new Map<string, NonNullable<ApiInventory['cdn']>>();
  for (const dist of ctx.ofType(T.distribution).filter((x) => x.inputs.tags?.[API_CDN_TAG] !== undefined)) {
    const common = readCustomOriginDistribution(ctx, dist, [], "an API's", (domain) => {
      const m = /^(.+)\.execute-api\.([a-z0-9-]+)\.amazonaws\.com$/.exec(String(domain));
      const api = m && m[2] === ctx.region ? apiDimension(ctx, m[1]) : undefined;
      return api?.replace(/^api:/, 'execute-api:');
    });
    out.set(String(dist.inputs.tags[API_CDN_TAG]), common);
  }
  return out;
}

/**
 * A site's files: the objects in its bucket (key, content type, Cache-Control; a file source and its SHA-256 as the
 * source hash), sorted by path; their hash as CDK's asset hash is made: SHA-256 of the SHA-256 of each "<path> <sha256>"
 * line. Any other input throws.
 */
function readFiles(ctx: Context, bucketId: string, used: Set<string>): Pick<SiteInventory, 'files' | 'filesHash'> {
  const objects = ctx.ofType(T.bucketObject).filter((o) => o.inputs.bucket === bucketId);
  const lines: string[] = [];
  const files = objects.map((o) => {
    used.add(o.name);
    const extra = Object.keys(o.inputs).filter((k) => !['bucket', 'key', 'source', 'contentType', 'cacheControl', 'sourceHash'].includes(k));
    if (extra.length) throw new Error(`parity: object ${o.name}: ${extra.join(', ')} not in the inventory`);
    if (o.inputs.source === undefined || !/^[0-9a-f]{64}$/.test(String(o.inputs.sourceHash))) throw new Error(`parity: object ${o.name}: the inventory reads files uploaded from a source with their SHA-256 as sourceHash`);
    lines.push(`${o.inputs.key} ${o.inputs.sourceHash}\n`);
    return { path: String(o.inputs.key), contentType: String(o.inputs.contentType), cacheControl: String(o.inputs.cacheControl) };
  });
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  lines.sort();
  const digest = createHash('sha256').update(lines.join('')).digest('hex');
  return { files, filesHash: files.length ? createHash('sha256').update(digest).digest('hex') : null };
}

export function readSites(ctx: Context): SiteInventory[] {
  const { ofType, id, byArnValue, must } = ctx;
  const used = new Set<string>();
  const sites = ofType(T.distribution).filter((x) => x.inputs.tags?.[API_CDN_TAG] === undefined && x.inputs.tags?.[LB_CDN_TAG] === undefined).map((dist): SiteInventory => {
    const a = dist.inputs;
    const what = `distribution ${dist.name}`;
    const extra = Object.keys(a).filter((k) => !KNOWN.includes(k));
    if (extra.length) throw new Error(`parity: ${what}: ${extra.join(', ')} not in the inventory`);
    if (a.enabled !== true) throw new Error(`parity: ${what}: the inventory reads enabled distributions only`);
    if (a.restrictions?.geoRestriction?.restrictionType !== 'none') throw new Error(`parity: ${what}: geo restrictions are not in the inventory`);
    const key = must(a.tags?.['blueprint:site'] as string | undefined, `the blueprint:site tag of ${what}`);
    const origins = a.origins as Inputs[];
    if (origins.length !== 1) throw new Error(`parity: ${what}: ${origins.length} origins; the inventory reads one`);
    const bucket = must(ofType(T.bucket).find((b) => origins[0].domainName === `${b.name}.s3.${ctx.regionOf(b)}.amazonaws.com`), `the bucket of ${what} (${origins[0].domainName}: the mocks' regional domain name of a bucket)`);
    const oac = must(ofType(T.originAccessControl).find((o) => id(o) === origins[0].originAccessControlId), `the Origin Access Control of ${what}`);
    const b = a.defaultCacheBehavior as Inputs;
    const headers = must(ofType(T.responseHeadersPolicy).find((h) => id(h) === b.responseHeadersPolicyId), `the response headers policy of ${what}`);
    const sec = headers.inputs.securityHeadersConfig as Inputs;
    const vc = a.viewerCertificate as Inputs;
    let certificate = 'cloudfront-default';
    if (vc.acmCertificateArn !== undefined) certificate = certificateOf(ctx, vc.acmCertificateArn)!;
    const acl = a.webAclId === undefined ? null : must(ofType(T.webAcl).find((w) => byArnValue(w) === a.webAclId), `the web ACL of ${what}`);
    const allows = ofType(T.bucketPolicy)
      .filter((p) => p.inputs.bucket === id(bucket))
      .flatMap((p) => (JSON.parse(p.inputs.policy).Statement as Inputs[]).filter((s) => s.Effect === 'Allow'));
    const readOnly =
      allows.length === 1 &&
      allows[0].Principal?.Service === 'cloudfront.amazonaws.com' &&
      allows[0].Action === 's3:GetObject' &&
      String(allows[0].Condition?.StringEquals?.['AWS:SourceArn'] ?? '').endsWith(`:distribution/${id(dist)}`);
    const o = oac.inputs;
    const hsts = sec.strictTransportSecurity as Inputs;
    return {
      key,
      bucket: must(storeNameOf(ctx, bucket), `the name of ${bucket.name}`),
      bucketReadByDistributionOnly: readOnly,
      originAccessControl: { name: o.name, originType: o.originAccessControlOriginType, signing: o.signingBehavior, protocol: o.signingProtocol },
      comment: a.comment ?? '',
      defaultRootObject: a.defaultRootObject ?? '',
      httpVersion: a.httpVersion ?? 'http2',
      ipv6: a.isIpv6Enabled === true,
      priceClass: a.priceClass ?? 'PriceClass_All',
      webAcl: acl && acl.inputs.name,
      accessLogs: readLogging(ctx, a.loggingConfig, what),
      aliases: [...((a.aliases as string[] | undefined) ?? [])].sort(),
      certificate,
      minimumProtocolVersion: vc.cloudfrontDefaultCertificate ? null : (vc.minimumProtocolVersion ?? null),
      sslSupportMethod: vc.cloudfrontDefaultCertificate ? null : (vc.sslSupportMethod ?? null),
      behavior: {
        viewerProtocolPolicy: b.viewerProtocolPolicy,
        allowedMethods: [...b.allowedMethods].sort(),
        cachedMethods: [...b.cachedMethods].sort(),
        compress: b.compress === true,
        cachePolicyId: b.cachePolicyId,
      },
      errorResponses: ((a.customErrorResponses as Inputs[] | undefined) ?? [])
        .map((e) => ({ errorCode: Number(e.errorCode), responseCode: Number(e.responseCode), responsePagePath: String(e.responsePagePath), ttlSeconds: Number(e.errorCachingMinTtl ?? 10) }))
        .sort((x, y) => x.errorCode - y.errorCode),
      ...readFiles(ctx, id(bucket), used),
      headers: {
        name: headers.inputs.name,
        hsts: { maxAgeSeconds: Number(hsts.accessControlMaxAgeSec), includeSubdomains: hsts.includeSubdomains === true, preload: hsts.preload === true, override: hsts.override === true },
        contentTypeOptions: sec.contentTypeOptions?.override === true,
        frameOptions: sec.frameOptions?.frameOption ?? '',
        referrerPolicy: sec.referrerPolicy?.referrerPolicy ?? '',
        contentSecurityPolicy: sec.contentSecurityPolicy?.contentSecurityPolicy ?? '',
      },
    };
  });
  const stray = ofType(T.bucketObject).find((o) => !used.has(o.name));
  if (stray) throw new Error(`parity: object ${stray.name}: in a bucket that is no site's, not in the inventory`);
  return sites;
}
