import type { Design, RestApiDesign } from '../design';
import type { OpenApiDocument } from './index';

/*
 * The OpenAPI 3.1 document of a REST API: its methods as paths and operations, each with the parameters and
 * the body schema API Gateway validates before the function runs, its authorization as security schemes (API
 * keys in x-api-key, SigV4, a Cognito user pool's tokens), its usage plans, and where it is served (the live
 * stage, or its custom domain). Responses are the functions' own, which Blueprint does not know.
 */

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch'] as const;
const IN = { path: 'path', querystring: 'query', header: 'header' } as const;

export function restOpenApiOf(d: Design, api: RestApiDesign): OpenApiDocument {
  const paths: OpenApiDocument['paths'] = {};
  const schemes: Record<string, unknown> = {};
  const models = new Map(api.models.map((m) => [m.name, m.schema]));
  for (const m of api.methods) {
    const item = (paths[m.resourcePath.replace(/\{([A-Za-z0-9_]+)\+\}/, '{$1}')] ??= {});
    const parameters = Object.keys(m.requestParameters).map((p) => {
      const [, where, name] = /^method\.request\.(path|querystring|header)\.(.+)$/.exec(p)!;
      return { name, in: IN[where as keyof typeof IN], required: true, schema: { type: 'string' }, ...(where === 'path' && m.resourcePath.includes(`{${name}+}`) ? { description: 'the rest of the path, slashes included' } : {}) };
    });
    if (m.auth === 'api_key') schemes.apiKey = { type: 'apiKey', name: 'x-api-key', in: 'header', description: `a key of one of the usage plans (${api.usagePlans.map((p) => p.key).join(', ')}): ask the API's owners for one` };
    if (m.auth === 'iam') schemes.iam = { type: 'apiKey', name: 'Authorization', in: 'header', description: 'AWS Signature Version 4 (SigV4) of an IAM principal allowed execute-api:Invoke on the method' };
    if (m.auth === 'cognito') schemes.cognito = { type: 'apiKey', name: 'Authorization', in: 'header', description: `an ID token of the user pool ${d.name}-${api.key} (Amazon Cognito), as issued at sign-in` };
    const schema = m.model && JSON.parse(models.get(m.model)!);
    if (schema) delete schema.$schema;
    const operation = {
      operationId: m.id,
      summary: `${m.routeKey}: function ${m.function}`,
      ...(parameters.length ? { parameters } : {}),
      ...(schema ? { requestBody: { required: true, content: { 'application/json': { schema } } } } : {}),
      security: m.auth === 'none' ? [] : [{ [m.auth === 'api_key' ? 'apiKey' : m.auth]: [] }],
      responses: {
        default: { description: `the response of function ${m.function}` },
        '400': { description: `the request is invalid: a required parameter is missing${schema ? ' or the body does not match its schema' : ''} (API Gateway answers before the function runs)` },
        '429': { description: `throttled: more than ${api.stage.throttle.rateLimit} requests a second (bursts of ${api.stage.throttle.burstLimit})${m.apiKeyRequired ? ", or the key's plan's rate or quota exceeded" : ''}` },
        ...(m.auth === 'api_key' ? { '403': { description: 'no valid API key (x-api-key)' } } : {}),
        ...(m.auth === 'iam' ? { '403': { description: 'no valid signature, or not allowed' } } : {}),
        ...(m.auth === 'cognito' ? { '401': { description: 'no valid token' } } : {}),
      },
    };
    for (const x of m.httpMethod === 'ANY' ? METHODS : [m.httpMethod.toLowerCase() as (typeof METHODS)[number]]) item[x] = { ...operation, ...(m.httpMethod === 'ANY' ? { operationId: `${m.id}-${x}` } : {}) };
  }
  return {
    openapi: '3.1.0',
    info: { title: api.name, version: '1', ...(api.description ? { description: api.description } : {}) },
    // Its custom domain is its only way in when it has one (the execute-api endpoint is off).
    servers: api.customDomain
      ? [{ url: `https://${api.customDomain.name}`, description: `API Gateway REST API ${api.name}, stage ${api.stage.name}, at its custom domain`, variables: {} }]
      : [
          {
            url: `https://{apiId}.execute-api.${d.region}.amazonaws.com/${api.stage.name}`,
            description: `API Gateway REST API ${api.name}, stage ${api.stage.name}`,
            variables: { apiId: { default: 'API_ID', description: 'the API ID, from the deployed stack' } },
          },
        ],
    paths,
    components: { securitySchemes: schemes },
    ...(api.cors ? { 'x-cors': { allowOrigins: [api.cors.allowOrigin], allowMethods: api.cors.allowMethods, allowHeaders: api.cors.allowHeaders, maxAgeSeconds: api.cors.maxAgeSeconds } } : {}),
    ...(api.usagePlans.length
      ? { 'x-usage-plans': api.usagePlans.map((p) => ({ name: p.key, rateLimit: p.throttle.rateLimit, burstLimit: p.throttle.burstLimit, ...(p.quota ? { quota: { limit: p.quota.limit, period: p.quota.period } } : {}), consumers: p.keys.map((k) => k.key) })) }
      : {}),
  };
}
