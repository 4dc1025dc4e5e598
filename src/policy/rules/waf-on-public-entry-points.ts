import type { StackValidationPolicy } from '@pulumi/policy';
import { named, ofType, referring } from '../resources';

/** Every internet-facing load balancer, every public GraphQL API and every public REST API's stage is behind a WAFv2 web ACL (a WebAclAssociation names it). */
export const wafOnPublicEntryPoints: StackValidationPolicy = {
  name: 'waf-on-public-entry-points',
  description: 'Every internet-facing load balancer, public GraphQL API and public REST API stage has a WAFv2 web ACL.',
  enforcementLevel: 'mandatory',
  validateStack: ({ resources }, report) => {
    for (const lb of ofType(resources, 'aws:lb/loadBalancer:LoadBalancer').filter((x) => x.props.internal !== true)) {
      if (!referring(resources, 'aws:wafv2/webAclAssociation:WebAclAssociation', 'resourceArn', lb).length) report(`${named(lb)} is internet-facing without a WAFv2 web ACL`, lb.urn);
    }
    for (const api of ofType(resources, 'aws:appsync/graphQLApi:GraphQLApi').filter((x) => x.props.visibility !== 'PRIVATE')) {
      if (!referring(resources, 'aws:wafv2/webAclAssociation:WebAclAssociation', 'resourceArn', api).length) report(`${named(api)} is a public GraphQL API without a WAFv2 web ACL`, api.urn);
    }
    const privateApis = new Set(ofType(resources, 'aws:apigateway/restApi:RestApi').filter((a) => (a.props.endpointConfiguration?.types ?? []).includes('PRIVATE')).map((a) => a.urn));
    for (const s of ofType(resources, 'aws:apigateway/stage:Stage').filter((x) => !(x.propertyDependencies?.restApi ?? []).some((d) => privateApis.has(d.urn)))) {
      if (!referring(resources, 'aws:wafv2/webAclAssociation:WebAclAssociation', 'resourceArn', s).length) report(`${named(s)} is a public REST API stage without a WAFv2 web ACL`, s.urn);
    }
  },
};
