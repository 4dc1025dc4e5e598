import type { StackValidationPolicy } from '@pulumi/policy';
import { named, ofType, referring } from '../resources';

/**
 * Every API is protected and seen: each HTTP API stage logs every request (access logs with a format) and
 * throttles (default route settings), and each route names its authorization, so none is public by omission
 * (NONE only when written: `auth: none`); each GraphQL API logs to CloudWatch (field logs with a role), bounds
 * its queries' depth, and is authenticated by IAM, OpenID Connect or a user pool (never an API key alone); each
 * REST API validates requests (a validator of bodies and parameters), each of its stages logs every request and
 * errors, and throttles every method, and each of its methods names its authorization.
 */
export const apisProtected: StackValidationPolicy = {
  name: 'apis-protected',
  description: 'Every API stage has access logs and throttling; every route and method names its authorization type; every REST API validates requests and logs errors; every GraphQL API logs, limits query depth and needs more than an API key.',
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
    for (const api of ofType(resources, 'aws:apigateway/restApi:RestApi')) {
      const validators = referring(resources, 'aws:apigateway/requestValidator:RequestValidator', 'restApi', api);
      if (!validators.some((v) => v.props.validateRequestBody === true && v.props.validateRequestParameters === true)) report(`${named(api)} validates no request (a request validator of bodies and parameters)`, api.urn);
    }
    for (const s of ofType(resources, 'aws:apigateway/stage:Stage')) {
      if (!s.props.accessLogSettings?.destinationArn || !s.props.accessLogSettings?.format) report(`${named(s)} logs no requests (accessLogSettings)`, s.urn);
      // The stage's settings of every method: of its API (by reference) and of its name.
      const api = new Set((s.propertyDependencies?.restApi ?? []).map((d) => d.urn));
      const all = ofType(resources, 'aws:apigateway/methodSettings:MethodSettings').filter((m) => (m.propertyDependencies?.restApi ?? []).some((d) => api.has(d.urn)) && m.props.stageName === s.props.stageName && m.props.methodPath === '*/*');
      const settings = all[0]?.props.settings;
      if (!['ERROR', 'INFO'].includes(settings?.loggingLevel)) report(`${named(s)} logs no errors (method settings */* with loggingLevel ERROR or INFO)`, s.urn);
      if (typeof settings?.throttlingRateLimit !== 'number' || typeof settings?.throttlingBurstLimit !== 'number') report(`${named(s)} has no throttling: a flood reaches the functions and the bill`, s.urn);
    }
    for (const m of ofType(resources, 'aws:apigateway/method:Method')) {
      if (!m.props.authorization) report(`${named(m)} names no authorization: it would be public by omission`, m.urn);
    }
    for (const g of ofType(resources, 'aws:appsync/graphQLApi:GraphQLApi')) {
      const logs = g.props.logConfig;
      if (!logs?.cloudwatchLogsRoleArn || !logs.fieldLogLevel || logs.fieldLogLevel === 'NONE') report(`${named(g)} logs no requests to CloudWatch (logConfig with a role and a field log level)`, g.urn);
      if (typeof g.props.queryDepthLimit !== 'number' || g.props.queryDepthLimit <= 0) report(`${named(g)} has no query depth limit: one request can fan out into unbounded resolver calls`, g.urn);
      if (!['AWS_IAM', 'OPENID_CONNECT', 'AMAZON_COGNITO_USER_POOLS'].includes(g.props.authenticationType)) report(`${named(g)} is authenticated by ${g.props.authenticationType ?? 'nothing'}: IAM, OpenID Connect or a user pool only`, g.urn);
    }
    for (const u of ofType(resources, 'aws:cognito/userPool:UserPool')) {
      const pw = u.props.passwordPolicy;
      if (u.props.mfaConfiguration !== 'ON' && u.props.mfaConfiguration !== 'OPTIONAL') report(`${named(u)} offers no MFA (mfaConfiguration)`, u.urn);
      if (typeof pw?.minimumLength !== 'number' || pw.minimumLength < 8 || !pw.requireNumbers || !pw.requireSymbols || !pw.requireUppercase || !pw.requireLowercase) report(`${named(u)} accepts weak passwords (at least 8 characters mixing cases, digits and symbols)`, u.urn);
    }
  },
};
