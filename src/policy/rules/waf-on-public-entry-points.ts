import type { StackValidationPolicy } from '@pulumi/policy';
import { named, ofType, referring } from '../resources';

/** Every internet-facing load balancer and every public GraphQL API is behind a WAFv2 web ACL (a WebAclAssociation names it). */
export const wafOnPublicEntryPoints: StackValidationPolicy = {
  name: 'waf-on-public-entry-points',
  description: 'Every internet-facing load balancer and public GraphQL API has a WAFv2 web ACL.',
  enforcementLevel: 'mandatory',
  validateStack: ({ resources }, report) => {
    for (const lb of ofType(resources, 'aws:lb/loadBalancer:LoadBalancer').filter((x) => x.props.internal !== true)) {
      if (!referring(resources, 'aws:wafv2/webAclAssociation:WebAclAssociation', 'resourceArn', lb).length) report(`${named(lb)} is internet-facing without a WAFv2 web ACL`, lb.urn);
    }
    for (const api of ofType(resources, 'aws:appsync/graphQLApi:GraphQLApi').filter((x) => x.props.visibility !== 'PRIVATE')) {
      if (!referring(resources, 'aws:wafv2/webAclAssociation:WebAclAssociation', 'resourceArn', api).length) report(`${named(api)} is a public GraphQL API without a WAFv2 web ACL`, api.urn);
    }
  },
};
