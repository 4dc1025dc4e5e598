/*
 * Static sites of a template (see SiteInventory): each CloudFront distribution, keyed by its blueprint:site
 * tag, with its one S3 origin and Origin Access Control, its default cache behavior and response headers
 * policy, its certificate (a requested AWS::CertificateManager::Certificate, or an ARN written out), the
 * web ACL it names, and whether its bucket's policy lets only it read the objects. Anything else throws.
 */
import type { SiteInventory } from '../inventory';
import { certificate as readCertificate } from './certificates';
import type { Context } from './context';
import { T } from './resource-types';
import { SITE_TAG } from './store-names';
import { fail, isObject, list, obj, onlyKnown, refOf } from './template';

const DISTRIBUTION_CONFIG = ['Aliases', 'Comment', 'CustomErrorResponses', 'DefaultCacheBehavior', 'DefaultRootObject', 'Enabled', 'HttpVersion', 'IPV6Enabled', 'Origins', 'PriceClass', 'ViewerCertificate', 'WebACLId'];

export function readSites(x: Context): SiteInventory[] {
  const { t, r } = x;
  return t.ofType(T.distribution).map((id): SiteInventory => {
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
    const vc = c.ViewerCertificate === undefined ? undefined : obj(c.ViewerCertificate, w('DistributionConfig.ViewerCertificate'));
    let certificate = 'cloudfront-default';
    if (vc?.AcmCertificateArn !== undefined) certificate = readCertificate(x, vc.AcmCertificateArn, w('DistributionConfig.ViewerCertificate.AcmCertificateArn'));
    const acl = c.WebACLId === undefined ? null : t.target(c.WebACLId, [T.webAcl], w('DistributionConfig.WebACLId'));
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
      comment: r.str(c.Comment ?? '', w('DistributionConfig.Comment')),
      defaultRootObject: r.str(c.DefaultRootObject ?? '', w('DistributionConfig.DefaultRootObject')),
      httpVersion: r.str(c.HttpVersion ?? 'http1.1', w('DistributionConfig.HttpVersion')),
      ipv6: c.IPV6Enabled === true,
      priceClass: r.str(c.PriceClass ?? 'PriceClass_All', w('DistributionConfig.PriceClass')),
      webAcl: acl && r.str(t.props(acl).Name, t.where(acl, 'Name')),
      aliases: list(c.Aliases ?? [], w('DistributionConfig.Aliases')).map((a) => r.str(a, w('DistributionConfig.Aliases'))).sort(),
      certificate,
      minimumProtocolVersion: vc?.MinimumProtocolVersion === undefined ? null : r.str(vc.MinimumProtocolVersion, w('ViewerCertificate.MinimumProtocolVersion')),
      sslSupportMethod: vc?.SslSupportMethod === undefined ? null : r.str(vc.SslSupportMethod, w('ViewerCertificate.SslSupportMethod')),
      behavior: {
        viewerProtocolPolicy: r.str(b.ViewerProtocolPolicy, w('DefaultCacheBehavior.ViewerProtocolPolicy')),
        allowedMethods: list(b.AllowedMethods ?? ['GET', 'HEAD'], w('AllowedMethods')).map(String).sort(),
        cachedMethods: list(b.CachedMethods ?? ['GET', 'HEAD'], w('CachedMethods')).map(String).sort(),
        compress: b.Compress === true,
        cachePolicyId: r.str(b.CachePolicyId, w('DefaultCacheBehavior.CachePolicyId')),
      },
      errorResponses: list(c.CustomErrorResponses ?? [], w('DistributionConfig.CustomErrorResponses'))
        .map((v) => obj(v, w('CustomErrorResponses')))
        .map((e) => ({ errorCode: Number(e.ErrorCode), responseCode: Number(e.ResponseCode), responsePagePath: String(e.ResponsePagePath), ttlSeconds: Number(e.ErrorCachingMinTTL ?? 10) }))
        .sort((a, b2) => a.errorCode - b2.errorCode),
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
}
