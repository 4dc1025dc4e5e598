import type { StackValidationPolicy } from '@pulumi/policy';
import { deniesPlainHttp, named, ofType, referring } from '../resources';

/** TLS 1.2 or later: the load balancer security policies that refuse TLS 1.0 and 1.1. */
const MODERN_TLS = /^ELBSecurityPolicy-(TLS13-|TLS-1-2-|FS-1-2-)/;

/**
 * Data moves over TLS only: buckets, queues and topics have a policy that denies plain HTTP; caches
 * encrypt in transit; AppSync's HTTP data sources call https:// endpoints; an HTTPS listener uses a TLS 1.2+ policy, and where a load balancer has one, its
 * HTTP listener only redirects to HTTPS.
 */
export const encryptionInTransit: StackValidationPolicy = {
  name: 'encryption-in-transit',
  description: 'Buckets, queues and topics refuse plain HTTP; caches use TLS; AppSync HTTP data sources call HTTPS; HTTPS listeners use TLS 1.2+, and HTTP redirects to them.',
  enforcementLevel: 'mandatory',
  validateStack: ({ resources }, report) => {
    const policed: [string, string, string][] = [
      ['aws:s3/bucket:Bucket', 'aws:s3/bucketPolicy:BucketPolicy', 'bucket'],
      ['aws:sqs/queue:Queue', 'aws:sqs/queuePolicy:QueuePolicy', 'queueUrl'],
      ['aws:sns/topic:Topic', 'aws:sns/topicPolicy:TopicPolicy', 'arn'],
    ];
    for (const [type, policyType, prop] of policed) {
      for (const r of ofType(resources, type)) {
        if (!referring(resources, policyType, prop, r).some((p) => deniesPlainHttp(p.props.policy))) report(`${named(r)} accepts plain HTTP: no policy denies aws:SecureTransport false`, r.urn);
      }
    }
    for (const s of ofType(resources, 'aws:appsync/dataSource:DataSource')) {
      const endpoint = String((s.props.httpConfig as { endpoint?: string } | undefined)?.endpoint ?? '');
      if (s.props.type === 'HTTP' && !endpoint.startsWith('https://')) report(`${named(s)} calls ${endpoint || 'no endpoint'}: an HTTP data source must call https://`, s.urn);
    }
    for (const c of ofType(resources, 'aws:elasticache/replicationGroup:ReplicationGroup')) {
      if (c.props.transitEncryptionEnabled !== true) report(`${named(c)} does not encrypt in transit (transitEncryptionEnabled)`, c.urn);
    }
    const listeners = ofType(resources, 'aws:lb/listener:Listener');
    for (const l of listeners) {
      if (l.props.protocol === 'HTTPS' && !MODERN_TLS.test(String(l.props.sslPolicy ?? ''))) report(`${named(l)} allows TLS before 1.2 (sslPolicy ${l.props.sslPolicy ?? 'unset'})`, l.urn);
    }
    for (const lb of ofType(resources, 'aws:lb/loadBalancer:LoadBalancer')) {
      const own = referring(resources, 'aws:lb/listener:Listener', 'loadBalancerArn', lb);
      if (!own.some((l) => l.props.protocol === 'HTTPS')) continue;
      for (const l of own.filter((x) => x.props.protocol === 'HTTP')) {
        const actions = (l.props.defaultActions ?? []) as { type?: string; redirect?: { protocol?: string } }[];
        if (!actions.every((a) => a.type === 'redirect' && a.redirect?.protocol === 'HTTPS')) report(`${named(l)} serves plain HTTP beside an HTTPS listener: it must only redirect to HTTPS`, l.urn);
      }
    }
  },
};
