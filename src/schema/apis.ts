import { z } from 'zod';
import { key } from './common';

/** HTTP methods a route may name; ANY matches every method. */
export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'ANY'] as const;

/**
 * A route key as API Gateway writes it: "METHOD /path", the path in segments of letters, digits, - _ . or a
 * {parameter} ({proxy+} last), or "$default" for every request no other route matches.
 */
export const ROUTE_KEY = /^(\$default|(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|ANY) \/(([A-Za-z0-9._-]+|\{[A-Za-z_][A-Za-z0-9_]*\})(\/([A-Za-z0-9._-]+|\{[A-Za-z_][A-Za-z0-9_]*\}))*(\/\{[A-Za-z_][A-Za-z0-9_]*\+\})?|\{[A-Za-z_][A-Za-z0-9_]*\+\})?)$/;

const auth = z
  .enum(['none', 'iam', 'jwt'])
  .describe('Who may call: none (anyone: write it to say the API is public on purpose), iam (SigV4-signed requests of IAM principals the account allows), jwt (a bearer token of jwt.issuer for jwt.audience).');

const route = z.union([
  key.describe('The function (kind: function) the route invokes.'),
  z
    .strictObject({
      function: key.describe('The function (kind: function) the route invokes.'),
      auth: auth.optional().describe("This route's authorization, when it differs from the API's."),
    })
    .describe('A route with its own authorization.'),
]);

export const api = z
  .strictObject({
    kind: z
      .enum(['http', 'rest', 'graphql'])
      .default('http')
      .describe('http: an API Gateway HTTP API (v2). rest (API Gateway v1) and graphql (AppSync) are not rendered yet.'),
    auth: auth.describe('Every route\'s authorization unless the route says otherwise. Required: an API is never public by omission.'),
    jwt: z
      .strictObject({
        issuer: z.string().url().startsWith('https://').describe('The token issuer, e.g. https://cognito-idp.us-east-1.amazonaws.com/us-east-1_abc or https://example.auth0.com/.'),
        audience: z.array(z.string().min(1)).min(1).describe('Audiences (client IDs) a token must be issued for.'),
      })
      .optional()
      .describe('The JWT authorizer, for auth: jwt.'),
    routes: z
      .record(z.string().regex(ROUTE_KEY, 'must be a route key: METHOD /path (e.g. GET /orders/{id}, ANY /{proxy+}) or $default'), route)
      .refine((r) => Object.keys(r).length > 0, { message: 'declare at least one route' })
      .describe('Routes keyed by their route key ("GET /orders/{id}"), each to the function it invokes: keys, never positions, so that adding one never replaces another.'),
    peak_rps: z
      .number()
      .positive()
      .optional()
      .describe("Requests a second this API takes at peak. Left out: requirements.peak_rps. Sizes its throttling, its functions' concurrency and its cost."),
    throttle: z
      .strictObject({
        rps: z.number().int().min(1).describe('Steady requests a second, across the API.'),
        burst: z.number().int().min(1).describe('Requests it takes at once above the steady rate.'),
      })
      .optional()
      .describe('The stage\'s default throttling. Derived when left out: twice the peak (what the functions are sized for, with room for spikes), within API Gateway\'s account limits (10,000 a second, bursts of 5,000).'),
    cors: z
      .strictObject({
        origins: z.array(z.string().regex(/^(\*|https?:\/\/[^/\s]+)$/, 'must be an origin (https://example.com) or *')).min(1),
        methods: z.array(z.enum(HTTP_METHODS)).optional().describe('Allowed methods (those of the routes when left out).'),
        headers: z.array(z.string().min(1)).optional().describe('Allowed request headers (content-type and authorization when left out).'),
        max_age_seconds: z.number().int().min(0).max(86400).default(600),
      })
      .optional()
      .describe('Cross-origin requests from browsers: API Gateway answers the preflight.'),
    domain: z
      .string()
      .regex(/^([a-z0-9-]+\.)+[a-z]{2,}$/, 'must be a domain name such as api.example.com')
      .optional()
      .describe("The API's own host name, e.g. api.example.com: a regional custom domain (TLS 1.2) with a DNS-validated certificate, its default endpoint turned off. In network.dns's zone, the certificate is validated and an alias record written automatically; otherwise validate it and point the name at the domain yourself."),
    description: z.string().optional(),
  })
  .describe('One API, keyed by a stable name.');

export const apis = z.record(key, api).describe('Step 9: APIs, keyed by stable name.');
