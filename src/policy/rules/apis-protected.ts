import type { StackValidationPolicy } from '@pulumi/policy';
import { named, ofType } from '../resources';

/**
 * Every HTTP API is protected and seen: each stage logs every request (access logs with a format) and throttles
 * (default route settings), and each route names its authorization, so none is public by omission (NONE only
 * when written: `auth: none`).
 */
export const apisProtected: StackValidationPolicy = {
  name: 'apis-protected',
  description: 'Every API stage has access logs and throttling; every route names its authorization type.',
  enforcementLevel: 'mandatory',
  validateStack: ({ resources }, report) => {
    for (const s of ofType(resources, 'aws:apigatewayv2/stage:Stage')) {
      if (!s.props.accessLogSettings?.destinationArn || !s.props.accessLogSettings?.format) report(`${named(s)} logs no requests (accessLogSettings)`, s.urn);
      const t = s.props.defaultRouteSettings;
      if (typeof t?.throttlingRateLimit !== 'number' || typeof t?.throttlingBurstLimit !== 'number') report(`${named(s)} has no throttling: a flood reaches the functions and the bill`, s.urn);
    }
    for (const r of ofType(resources, 'aws:apigatewayv2/route:Route')) {
      if (!r.props.authorizationType) report(`${named(r)} names no authorization type: it would be public by omission`, r.urn);
    }
  },
};
