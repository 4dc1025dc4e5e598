import type { StackValidationPolicy } from '@pulumi/policy';
import { named, ofType, statements } from '../resources';

/**
 * Every CloudFront distribution serves over HTTPS only (redirect-to-https or https-only), behind a web ACL,
 * from S3 origins it signs for (Origin Access Control) or custom origins (an API's) over HTTPS with TLS 1.2
 * only; a bucket policy lets cloudfront.amazonaws.com read
 * only with an AWS:SourceArn condition, so no other distribution (in any account) reads the bucket. That
 * the bucket blocks public access is no-public-buckets'.
 */
export const sitesPrivateOrigin: StackValidationPolicy = {
  name: 'sites-private-origin',
  description: 'Every CloudFront distribution uses HTTPS, a web ACL, and Origin Access Control (S3) or TLS 1.2 (custom origins); bucket policies admit CloudFront for one distribution only.',
  enforcementLevel: 'mandatory',
  validateStack: ({ resources }, report) => {
    for (const d of ofType(resources, 'aws:cloudfront/distribution:Distribution')) {
      const policy = d.props.defaultCacheBehavior?.viewerProtocolPolicy;
      if (policy !== 'redirect-to-https' && policy !== 'https-only') report(`${named(d)} serves plain HTTP (viewerProtocolPolicy ${policy ?? 'unset'})`, d.urn);
      if (!d.props.webAclId) report(`${named(d)} has no WAFv2 web ACL`, d.urn);
      for (const o of (d.props.origins ?? []) as { originId?: string; originAccessControlId?: string; customOriginConfig?: { originProtocolPolicy?: string; originSslProtocols?: string[] } }[]) {
        const custom = o.customOriginConfig;
        if (custom) {
          if (custom.originProtocolPolicy !== 'https-only' || (custom.originSslProtocols ?? []).some((p) => p !== 'TLSv1.2')) report(`${named(d)}: origin ${o.originId ?? '?'} is reached over plain HTTP or TLS before 1.2`, d.urn);
        } else if (!o.originAccessControlId) report(`${named(d)}: origin ${o.originId ?? '?'} is read without Origin Access Control`, d.urn);
      }
    }
    for (const p of ofType(resources, 'aws:s3/bucketPolicy:BucketPolicy')) {
      for (const s of statements(p.props.policy)) {
        const principal = (s as { Principal?: { Service?: unknown } }).Principal?.Service;
        if (s.Effect === 'Allow' && principal === 'cloudfront.amazonaws.com' && !s.Condition?.StringEquals?.['AWS:SourceArn']) {
          report(`${named(p)} lets CloudFront read the bucket for any distribution (no AWS:SourceArn condition)`, p.urn);
        }
      }
    }
  },
};
