import type { ApiDesign, Design } from '../design';

/*
 * The OpenAPI 3.1 document of a design's HTTP APIs: what other teams integrate against. One document per
 * API, from the same design both renderers read: its routes as paths and operations (each with its path
 * parameters), its authorization as security schemes, its CORS origins, and where it is served. The
 * request and response bodies are the functions' own, which Blueprint does not know: each operation
 * answers with "the function's response".
 */

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch'] as const;

export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string; description?: string };
  servers: { url: string; description: string; variables: Record<string, { default: string; description: string }> }[];
  paths: Record<string, Record<string, unknown>>;
  components: { securitySchemes: Record<string, unknown> };
  [extension: `x-${string}`]: unknown;
}

/** The document of one API of a design. */
export function openApiOf(d: Design, api: ApiDesign): OpenApiDocument {
  const paths: OpenApiDocument['paths'] = {};
  const schemes: Record<string, unknown> = {};
  for (const r of api.routes) {
    if (r.routeKey === '$default') continue;
    const [method, path] = r.routeKey.split(' ');
    const item = (paths[path.replace(/\{([A-Za-z0-9_]+)\+\}/, '{$1}')] ??= {});
    const parameters = [...path.matchAll(/\{([A-Za-z0-9_]+)\+?\}/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' }, ...(m[0].endsWith('+}') ? { description: 'the rest of the path, slashes included' } : {}) }));
    const security = r.auth === 'none' ? [] : [{ [r.auth]: [] }];
    if (r.auth === 'jwt') schemes.jwt = { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: `a token of ${api.authorizer?.issuer} for ${api.authorizer?.audience.join(', ')}` };
    if (r.auth === 'iam') schemes.iam = { type: 'apiKey', name: 'Authorization', in: 'header', description: 'AWS Signature Version 4 (SigV4) of an IAM principal allowed execute-api:Invoke on the route' };
    const operation = {
      operationId: r.id,
      summary: `${r.routeKey}: ${r.function ? `function ${r.function}` : `service ${r.service} (through the load balancer)`}`,
      ...(parameters.length ? { parameters } : {}),
      security,
      responses: {
        default: { description: r.function ? `the response of function ${r.function}` : `the response of service ${r.service}` },
        '429': { description: `throttled: more than ${api.throttle.rateLimit} requests a second (bursts of ${api.throttle.burstLimit})` },
        ...(r.auth !== 'none' ? { '401': { description: 'no valid credentials' } } : {}),
      },
    };
    for (const m of method === 'ANY' ? METHODS : [method.toLowerCase() as (typeof METHODS)[number]]) item[m] = { ...operation, ...(method === 'ANY' ? { operationId: `${r.id}-${m}` } : {}) };
  }
  const fallback = api.routes.find((r) => r.routeKey === '$default');
  return {
    openapi: '3.1.0',
    info: { title: api.name, version: '1', ...(api.description ? { description: api.description } : {}) },
    // Its custom domain is its only way in when it has one (the execute-api endpoint is off).
    servers: api.customDomain
      ? [{ url: `https://${api.customDomain.name}`, description: `API Gateway HTTP API ${api.name}, $default stage, at its custom domain`, variables: {} }]
      : [
          {
            url: `https://{apiId}.execute-api.${d.region}.amazonaws.com`,
            description: `API Gateway HTTP API ${api.name}, $default stage`,
            variables: { apiId: { default: 'API_ID', description: 'the API ID, from the deployed stack' } },
          },
        ],
    paths,
    components: { securitySchemes: schemes },
    ...(api.cors ? { 'x-cors': { allowOrigins: api.cors.allowOrigins, allowMethods: api.cors.allowMethods, allowHeaders: api.cors.allowHeaders, maxAgeSeconds: api.cors.maxAgeSeconds } } : {}),
    ...(fallback ? { 'x-default-route': { ...(fallback.function ? { function: fallback.function } : { service: fallback.service }), description: 'every request no path above matches' } } : {}),
  };
}
