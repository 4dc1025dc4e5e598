/*
 * Static sites of a template (see SiteInventory): each CloudFront distribution, keyed by its blueprint:site
 * tag, with its one S3 origin and Origin Access Control, its default cache behavior and response headers
 * policy, its certificate (a requested AWS::CertificateManager::Certificate, or an ARN written out), the
 * web ACL it names, and whether its bucket's policy lets only it read the objects. Anything else throws.
 */
import type { AccessLogsInventory, ApiInventory, CustomOriginDistributionInventory, LoadBalancerInventory, SiteInventory } from '../inventory';
import { apiKey } from './apis';
import { certificate as readCertificate } from './certificates';
import type { Context } from './context';
import { T } from './resource-types';
import { SITE_TAG } from './store-names';
import { fail, isObject, list, obj, onlyKnown, refOf, Resolver } from './template';

const DISTRIBUTION_CONFIG = ['Aliases', 'Comment', 'CustomErrorResponses', 'DefaultCacheBehavior', 'DefaultRootObject', 'Enabled', 'HttpVersion', 'IPV6Enabled', 'Logging', 'Origins', 'PriceClass', 'ViewerCertificate', 'WebACLId'];

/** The tag that names an HTTP API's distribution (apis.<key>.cdn): the API's key. */
export const API_CDN_TAG = 'blueprint:api-cdn';

/** The tag that names the load balancer's distribution (load_balancing.public.cdn). */
export const LB_CDN_TAG = 'blueprint:lb-cdn';

const hasTag = (x: Context, id: string, tag: string): boolean => list(x.t.props(id).Tags, x.t.where(id, 'Tags')).some((v) => obj(v, x.t.where(id, 'Tags')).Key === tag);

/** Whether a distribution is an API's (its blueprint:api-cdn tag) rather than a site's. */
export function isApiDistribution(x: Context, id: string): boolean {
  return hasTag(x, id, API_CDN_TAG);
}

/** Whether a distribution is the load balancer's (its blueprint:lb-cdn tag). */
export function isLoadBalancerDistribution(x: Context, id: string): boolean {
  return hasTag(x, id, LB_CDN_TAG);
}

/**
 * A distribution in front of a custom origin (an API's, the load balancer's): enabled, one origin over its
 * CustomOriginConfig whose domain `originOf` names, the config keys `config` lists and nothing else; the
 * fields both kinds share, and the config itself for the rest.
 */
function readCustomOriginDistribution(x: Context, id: string, config: string[], what: string, originOf: (domain: unknown, where: string) => string): { common: CustomOriginDistributionInventory; c: Record<string, unknown> } {
  const { t, r } = x;
  const w = (field: string) => t.where(id, field);
  onlyKnown(t, id, ['DistributionConfig', 'Tags'], 'a distribution');
  const c = obj(t.props(id).DistributionConfig, w('DistributionConfig'));
  const extra = Object.keys(c).filter((k) => ![...config, 'Aliases', 'Comment', 'DefaultCacheBehavior', 'Enabled', 'HttpVersion', 'IPV6Enabled', 'Logging', 'Origins', 'PriceClass', 'ViewerCertificate', 'WebACLId'].includes(k));
  if (extra.length) fail(w('DistributionConfig'), `${extra.join(', ')}: not in the inventory of ${what} distribution`);
  if (c.Enabled !== true) fail(w('DistributionConfig.Enabled'), 'the inventory reads enabled distributions only');
  const origins = list(c.Origins, w('DistributionConfig.Origins'));
  if (origins.length !== 1) fail(w('DistributionConfig.Origins'), `has ${origins.length} origins; the inventory reads one`);
  const o = obj(origins[0], w('DistributionConfig.Origins[0]'));
  const extraO = Object.keys(o).filter((k) => !['CustomOriginConfig', 'DomainName', 'Id'].includes(k));
  if (extraO.length) fail(w('DistributionConfig.Origins[0]'), `${extraO.join(', ')}: not in the inventory of ${what} origin`);
  const oc = obj(o.CustomOriginConfig, w('DistributionConfig.Origins[0].CustomOriginConfig'));
  const b = obj(c.DefaultCacheBehavior, w('DistributionConfig.DefaultCacheBehavior'));
  const extraB = Object.keys(b).filter((k) => !['AllowedMethods', 'CachedMethods', 'CachePolicyId', 'Compress', 'OriginRequestPolicyId', 'TargetOriginId', 'ViewerProtocolPolicy'].includes(k));
  if (extraB.length) fail(w('DistributionConfig.DefaultCacheBehavior'), `${extraB.join(', ')}: not in the inventory`);
  return {
    c,
    common: {
      origin: { domain: originOf(o.DomainName, w('DistributionConfig.Origins[0].DomainName')), protocolPolicy: r.str(oc.OriginProtocolPolicy, w('CustomOriginConfig.OriginProtocolPolicy')), sslProtocols: list(oc.OriginSSLProtocols ?? ['TLSv1', 'TLSv1.1', 'TLSv1.2'], w('CustomOriginConfig.OriginSSLProtocols')).map(String).sort() },
      ...readDistribution(x, c, w),
      behavior: { ...readBehavior(x, b, w), originRequestPolicyId: b.OriginRequestPolicyId === undefined ? null : r.str(b.OriginRequestPolicyId, w('DefaultCacheBehavior.OriginRequestPolicyId')) },
    },
  };
}

/**
 * The load balancer's distribution (load_balancing.public.cdn), in front of load balancer `lb`: its one custom
 * origin the load balancer's DNS name, its aliases and certificate; anything the inventory does not read throws.
 */
export function readLoadBalancerDistribution(x: Context, lb: string): LoadBalancerInventory['cdn'] {
  const { t } = x;
  const ids = t.ofType(T.distribution).filter((d) => isLoadBalancerDistribution(x, d));
  if (ids.length > 1) fail(t.where(ids[1]), `is a second distribution of the load balancer; the inventory reads one`);
  if (!ids.length) return null;
  // The origin: Fn::GetAtt DNSName of this load balancer.
  return readCustomOriginDistribution(x, ids[0], [], "the load balancer's", (domain, where) => {
    const ref = refOf(domain);
    return ref?.id === lb && ref.attr === 'DNSName' ? 'load-balancer' : fail(where, "is not the load balancer's DNSName");
  }).common;
}

/** Each HTTP API's distribution (apis.<key>.cdn), by the API's key; anything the inventory does not read throws. */
export function readApiDistributions(x: Context): Map<string, NonNullable<ApiInventory['cdn']>> {
  const { t, r } = x;
  const out = new Map<string, NonNullable<ApiInventory['cdn']>>();
  for (const id of t.ofType(T.distribution).filter((d) => isApiDistribution(x, d))) {
    const w = (field: string) => t.where(id, field);
    const key = r.str(list(t.props(id).Tags, w('Tags')).map((v) => obj(v, w('Tags'))).find((v) => v.Key === API_CDN_TAG)!.Value, w('Tags'));
    // The execute-api name: Fn::Join of the API's Ref, ".execute-api.<region>." and the URL suffix.
    const { common } = readCustomOriginDistribution(x, id, [], "an API's", (v, where) => {
      const domain = new Resolver((ref, at) => (ref.attr === 'Ref' && t.type(ref.id) === T.api ? `{api:${ref.id}}` : ref.attr === 'Ref' && ref.id === 'AWS::URLSuffix' ? 'amazonaws.com' : fail(at, `references ${ref.id}; an API's origin is its execute-api name`))).str(v, where);
      const m = /^\{api:([^}]+)\}\.execute-api\.([a-z0-9-]+)\.amazonaws\.com$/.exec(domain);
      if (!m || m[2] !== x.region()) fail(where, `${domain} is not an API's execute-api name in the stack's region`);
      return `execute-api:${apiKey(t, r, m[1])}`;
    });
    out.set(key, common);
  }
  return out;
}

/**
 * A distribution's standard logs (DistributionConfig.Logging): the bucket its Bucket names by Fn::GetAtt
 * RegionalDomainName, by its inventory name, and the prefix; cookies logged throw. null when absent.
 */
function readLogging(x: Context, v: unknown, where: string): AccessLogsInventory | null {
  if (v === undefined) return null;
  const { t, r } = x;
  const l = obj(v, where);
  const extra = Object.keys(l).filter((k) => !['Bucket', 'IncludeCookies', 'Prefix'].includes(k));
  if (extra.length) fail(where, `${extra.join(', ')}: not in the inventory of a distribution's logs`);
  if (l.IncludeCookies === true) fail(`${where}.IncludeCookies`, 'logs cookies: not in the inventory');
  const bucket = t.target(l.Bucket, [T.bucket], `${where}.Bucket`);
  if (refOf(l.Bucket)!.attr !== 'RegionalDomainName') fail(`${where}.Bucket`, 'names the bucket by something other than its RegionalDomainName');
  return { bucket: r.str({ Ref: bucket }, `${where}.Bucket`), prefix: l.Prefix === undefined ? '' : r.str(l.Prefix, `${where}.Prefix`) };
}

/** What every distribution has, as its DistributionConfig says (AWS's defaults when absent): name, protocols, web ACL, logs, aliases and certificate. */
function readDistribution(x: Context, c: Record<string, unknown>, w: (field: string) => string) {
  const { t, r } = x;
  const acl = c.WebACLId === undefined ? null : t.target(c.WebACLId, [T.webAcl], w('DistributionConfig.WebACLId'));
  const vc = c.ViewerCertificate === undefined ? undefined : obj(c.ViewerCertificate, w('DistributionConfig.ViewerCertificate'));
  return {
    comment: r.str(c.Comment ?? '', w('DistributionConfig.Comment')),
    httpVersion: r.str(c.HttpVersion ?? 'http1.1', w('DistributionConfig.HttpVersion')),
    ipv6: c.IPV6Enabled === true,
    priceClass: r.str(c.PriceClass ?? 'PriceClass_All', w('DistributionConfig.PriceClass')),
    webAcl: acl && r.str(t.props(acl).Name, t.where(acl, 'Name')),
    accessLogs: readLogging(x, c.Logging, w('DistributionConfig.Logging')),
    aliases: list(c.Aliases ?? [], w('DistributionConfig.Aliases')).map((a) => r.str(a, w('DistributionConfig.Aliases'))).sort(),
    certificate: vc?.AcmCertificateArn === undefined ? 'cloudfront-default' : readCertificate(x, vc.AcmCertificateArn, w('DistributionConfig.ViewerCertificate.AcmCertificateArn')),
    minimumProtocolVersion: vc?.MinimumProtocolVersion === undefined ? null : r.str(vc.MinimumProtocolVersion, w('ViewerCertificate.MinimumProtocolVersion')),
    sslSupportMethod: vc?.SslSupportMethod === undefined ? null : r.str(vc.SslSupportMethod, w('ViewerCertificate.SslSupportMethod')),
  };
}

/** A distribution's default cache behavior as both a site and an API distribution read it (AWS's defaults when absent). */
function readBehavior(x: Context, b: Record<string, unknown>, w: (field: string) => string): SiteInventory['behavior'] {
  const { r } = x;
  return {
    viewerProtocolPolicy: r.str(b.ViewerProtocolPolicy, w('DefaultCacheBehavior.ViewerProtocolPolicy')),
    allowedMethods: list(b.AllowedMethods ?? ['GET', 'HEAD'], w('AllowedMethods')).map(String).sort(),
    cachedMethods: list(b.CachedMethods ?? ['GET', 'HEAD'], w('CachedMethods')).map(String).sort(),
    compress: b.Compress === true,
    cachePolicyId: r.str(b.CachePolicyId, w('DefaultCacheBehavior.CachePolicyId')),
  };
}

const UPLOAD = ['CacheControl', 'ContentType', 'DestinationBucketName', 'Exclude', 'Include', 'OutputObjectKeys', 'Prune', 'RetainOnDelete', 'ServiceToken', 'SourceBucketNames', 'SourceObjectKeys', 'SystemMetadata', 'WaitForDistributionInvalidation'];

/**
 * A site's files from its BucketDeployments (Custom::CDKBucketDeployment into its bucket): each includes its listed
 * paths only (Exclude *), uploads them with one content type and Cache-Control (SystemMetadata), prunes nothing,
 * invalidates nothing; all unpack one asset, whose hash is the files' hash. Anything else throws.
 */
function readFiles(x: Context, bucketId: string, used: Set<string>): Pick<SiteInventory, 'files' | 'filesHash'> {
  const { t, r } = x;
  const files: SiteInventory['files'] = [];
  const hashes = new Set<string>();
  for (const id of t.ofType(T.siteUpload)) {
    const p = t.props(id);
    const w = (field: string) => t.where(id, field);
    if (t.target(p.DestinationBucketName, [T.bucket], w('DestinationBucketName')) !== bucketId) continue;
    used.add(id);
    onlyKnown(t, id, UPLOAD, "a site's upload");
    if (p.Prune !== false) fail(w('Prune'), 'prunes: the inventory reads uploads that keep removed files');
    if (p.RetainOnDelete === false) fail(w('RetainOnDelete'), 'deletes the files with the upload: the inventory reads uploads that keep them');
    if (JSON.stringify(p.Exclude) !== '["*"]') fail(w('Exclude'), 'the inventory reads uploads of listed files only (Exclude ["*"], Include the paths)');
    const keys = list(p.SourceObjectKeys, w('SourceObjectKeys'));
    if (keys.length !== 1) fail(w('SourceObjectKeys'), `has ${keys.length} sources; the inventory reads one asset`);
    const m = /^([0-9a-f]{64})\.zip$/.exec(r.str(keys[0], w('SourceObjectKeys[0]')));
    if (!m) fail(w('SourceObjectKeys[0]'), 'is not an asset key (<hash>.zip)');
    hashes.add(m[1]);
    const meta = obj(p.SystemMetadata, w('SystemMetadata'));
    const extra = Object.keys(meta).filter((k) => !['cache-control', 'content-type'].includes(k));
    if (extra.length) fail(w('SystemMetadata'), `${extra.join(', ')}: not in the inventory`);
    const contentType = r.str(meta['content-type'], w('SystemMetadata.content-type'));
    const cacheControl = r.str(meta['cache-control'], w('SystemMetadata.cache-control'));
    for (const path of list(p.Include, w('Include'))) files.push({ path: r.str(path, w('Include')), contentType, cacheControl });
  }
  if (hashes.size > 1) fail(t.where(bucketId), `its uploads unpack ${hashes.size} different assets; the inventory reads one`);
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, filesHash: hashes.size ? [...hashes][0] : null };
}

export function readSites(x: Context): SiteInventory[] {
  const { t, r } = x;
  const used = new Set<string>();
  const sites = t.ofType(T.distribution).filter((d) => !isApiDistribution(x, d) && !isLoadBalancerDistribution(x, d)).map((id): SiteInventory => {
    const w = (field: string) => t.where(id, field);
    onlyKnown(t, id, ['DistributionConfig', 'Tags'], 'a distribution');
    const tags = list(t.props(id).Tags, w('Tags')).map((v, i) => obj(v, w(`Tags[${i}]`)));
    const tag = tags.find((v) => v.Key === SITE_TAG) ?? fail(w('Tags'), `has no "${SITE_TAG}" tag, so it has no name in the inventory`);
    const key = r.str(tag.Value, w('Tags'));
    const c = obj(t.props(id).DistributionConfig, w('DistributionConfig'));
    const extra = Object.keys(c).filter((k) => !DISTRIBUTION_CONFIG.includes(k));
    if (extra.length) fail(w('DistributionConfig'), `${extra.join(', ')}: not in the inventory`);
    if (c.Enabled !== true) fail(w('DistributionConfig.Enabled'), 'the inventory reads enabled distributions only');
    const origins = list(c.Origins, w('DistributionConfig.Origins'));
    if (origins.length !== 1) fail(w('DistributionConfig.Origins'), `has ${origins.length} origins; the inventory reads one`);
    const origin = obj(origins[0], w('DistributionConfig.Origins[0]'));
    const bucketId = t.target(origin.DomainName, [T.bucket], w('DistributionConfig.Origins[0].DomainName'));
    if (refOf(origin.DomainName)!.attr !== 'RegionalDomainName') fail(w('DistributionConfig.Origins[0].DomainName'), 'names the bucket by something other than its RegionalDomainName');
    const oacId = t.target(origin.OriginAccessControlId, [T.originAccessControl], w('DistributionConfig.Origins[0].OriginAccessControlId'));
    const oac = obj(t.props(oacId).OriginAccessControlConfig, t.where(oacId, 'OriginAccessControlConfig'));
    const b = obj(c.DefaultCacheBehavior, w('DistributionConfig.DefaultCacheBehavior'));
    const known = ['AllowedMethods', 'CachedMethods', 'CachePolicyId', 'Compress', 'ResponseHeadersPolicyId', 'TargetOriginId', 'ViewerProtocolPolicy'];
    const extraB = Object.keys(b).filter((k) => !known.includes(k));
    if (extraB.length) fail(w('DistributionConfig.DefaultCacheBehavior'), `${extraB.join(', ')}: not in the inventory`);
    const headersId = t.target(b.ResponseHeadersPolicyId, [T.responseHeadersPolicy], w('DistributionConfig.DefaultCacheBehavior.ResponseHeadersPolicyId'));
    const hc = obj(t.props(headersId).ResponseHeadersPolicyConfig, t.where(headersId, 'ResponseHeadersPolicyConfig'));
    const sec = obj(hc.SecurityHeadersConfig, t.where(headersId, 'SecurityHeadersConfig'));
    const hsts = obj(sec.StrictTransportSecurity, t.where(headersId, 'StrictTransportSecurity'));
    // The bucket's policy: cloudfront.amazonaws.com may GetObject when AWS:SourceArn is this distribution.
    const readers = t.ofType(T.bucketPolicy).filter((p) => t.target(t.props(p).Bucket, [T.bucket], t.where(p, 'Bucket')) === bucketId).flatMap((p) => {
      const doc = obj(t.props(p).PolicyDocument, t.where(p, 'PolicyDocument'));
      return list(doc.Statement, t.where(p, 'PolicyDocument.Statement')).map((s) => obj(s, t.where(p, 'PolicyDocument.Statement'))).filter((s) => s.Effect === 'Allow');
    });
    const readOnly = readers.length === 1 && (() => {
      const s = readers[0];
      const principal = isObject(s.Principal) ? s.Principal.Service : undefined;
      const cond = isObject(s.Condition) && isObject(s.Condition.StringEquals) ? s.Condition.StringEquals['AWS:SourceArn'] : undefined;
      return principal === 'cloudfront.amazonaws.com' && s.Action === 's3:GetObject' && JSON.stringify(cond ?? null).includes(`{"Ref":"${id}"}`);
    })();
    return {
      key,
      bucket: x.names.stores.of(bucketId),
      bucketReadByDistributionOnly: readOnly,
      originAccessControl: { name: r.str(oac.Name, t.where(oacId, 'Name')), originType: r.str(oac.OriginAccessControlOriginType, t.where(oacId, 'OriginType')), signing: r.str(oac.SigningBehavior, t.where(oacId, 'SigningBehavior')), protocol: r.str(oac.SigningProtocol, t.where(oacId, 'SigningProtocol')) },
      defaultRootObject: r.str(c.DefaultRootObject ?? '', w('DistributionConfig.DefaultRootObject')),
      ...readDistribution(x, c, w),
      behavior: readBehavior(x, b, w),
      errorResponses: list(c.CustomErrorResponses ?? [], w('DistributionConfig.CustomErrorResponses'))
        .map((v) => obj(v, w('CustomErrorResponses')))
        .map((e) => ({ errorCode: Number(e.ErrorCode), responseCode: Number(e.ResponseCode), responsePagePath: String(e.ResponsePagePath), ttlSeconds: Number(e.ErrorCachingMinTTL ?? 10) }))
        .sort((a, b2) => a.errorCode - b2.errorCode),
      ...readFiles(x, bucketId, used),
      headers: {
        name: r.str(hc.Name, t.where(headersId, 'Name')),
        hsts: { maxAgeSeconds: Number(hsts.AccessControlMaxAgeSec), includeSubdomains: hsts.IncludeSubdomains === true, preload: hsts.Preload === true, override: hsts.Override === true },
        contentTypeOptions: isObject(sec.ContentTypeOptions) && sec.ContentTypeOptions.Override === true,
        frameOptions: isObject(sec.FrameOptions) ? String(sec.FrameOptions.FrameOption) : '',
        referrerPolicy: isObject(sec.ReferrerPolicy) ? String(sec.ReferrerPolicy.ReferrerPolicy) : '',
        contentSecurityPolicy: isObject(sec.ContentSecurityPolicy) ? String(sec.ContentSecurityPolicy.ContentSecurityPolicy) : '',
      },
    };
  });
  const stray = t.ofType(T.siteUpload).find((id) => !used.has(id));
  if (stray) fail(t.where(stray), "uploads into a bucket that is no site's: not in the inventory");
  return sites;
}
