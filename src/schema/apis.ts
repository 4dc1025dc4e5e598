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
  .enum(['none', 'iam', 'jwt', 'cognito', 'api_key'])
  .describe('Who may call: none (anyone: write it to say the API is public on purpose; kind: http and rest), iam (SigV4-signed requests of IAM principals the account allows), jwt (a bearer token of jwt.issuer for jwt.audience; kind: http and graphql), cognito (a user pool generated for the API, its users signing in with email, password and MFA; kind: graphql and rest), api_key (a key of one of the API\'s usage_plans in the x-api-key header, its plan\'s throttling and quota applied; kind: rest only).');

/** A request parameter's or header's name as API Gateway takes it. */
const PARAMETER = z.string().regex(/^[A-Za-z0-9._-]+$/, 'must be a parameter name: letters, digits, . _ -');

/** A GraphQL resolver's field: "Type.field", e.g. Query.note or Mutation.putNote. */
export const RESOLVER_KEY = /^[_A-Za-z][_0-9A-Za-z]*\.[_A-Za-z][_0-9A-Za-z]*$/;

/** What a table resolver does with the table: one DynamoDB operation. */
export const TABLE_OPERATIONS = ['get', 'put', 'delete', 'query', 'scan'] as const;

/** The HTTP methods a container service resolver may send. */
export const SERVICE_RESOLVER_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/** A container service resolver's path: "/" and segments of letters, digits, - _ . or a {parameter}. */
export const SERVICE_RESOLVER_PATH = /^\/(([A-Za-z0-9._-]+|\{[A-Za-z_][A-Za-z0-9_]*\})(\/([A-Za-z0-9._-]+|\{[A-Za-z_][A-Za-z0-9_]*\}))*)?$/;

const resolver = z.union([
  key.describe('The function (kind: function) that resolves the field: AppSync invokes it directly with the whole request (arguments, identity, source).'),
  z
    .strictObject({ function: key.describe('The function (kind: function) that resolves the field.') })
    .describe('A function resolver.'),
  z
    .strictObject({
      table: key.describe('The DynamoDB table (data.<key>, engine: dynamodb) the field reads or writes.'),
      operation: z
        .enum(TABLE_OPERATIONS)
        .describe("get: GetItem by the key's arguments; put: PutItem of the arguments (or of the one input argument), the key among them; delete: DeleteItem by the key's arguments; query: the items of one partition key argument (a list field gets the items, another type { items, nextToken }); scan: every item, a page at a time (limit and nextToken arguments when the field declares them)."),
    })
    .describe('A table resolver: AppSync reads or writes the table itself (an APPSYNC_JS resolver generated for the operation), no function in between.'),
  z
    .strictObject({
      service: key.describe('The public container service (public: true) that resolves the field: AppSync calls it over HTTPS at the shared load balancer\'s name (the service\'s host, or security.tls.domain).'),
      method: z.enum(SERVICE_RESOLVER_METHODS).describe('The request\'s HTTP method. POST, PUT and PATCH send the arguments not in the path (or the one input argument) as a JSON body.'),
      path: z
        .string()
        .regex(SERVICE_RESOLVER_PATH, 'must be a path of segments (letters, digits, - _ .) or {parameters}, e.g. /orders/{id}')
        .describe('The request\'s path, e.g. /orders/{id}: each {parameter} is an argument of the field (URL-encoded into the path), under the service\'s path when it is routed by one.'),
    })
    .describe('A container service resolver: AppSync calls the service (an HTTP data source, an APPSYNC_JS resolver generated for the request), the parsed JSON body its answer, a 4xx or 5xx status an error.'),
]);

const route = z.union([
  key.describe('The function (kind: function) the route invokes, or the public container service (public: true) it forwards to through a VPC link to the shared load balancer.'),
  z
    .strictObject({
      function: key.describe('The function (kind: function) the route invokes.'),
      auth: auth.optional().describe("This route's authorization, when it differs from the API's."),
      query: z.array(PARAMETER).min(1).optional().describe('Query-string parameters the request must carry: API Gateway answers 400 without them, before the function runs. kind: rest only.'),
      headers: z.array(PARAMETER).min(1).optional().describe('Request headers the request must carry (400 without them). kind: rest only.'),
      body: z
        .record(z.string(), z.unknown())
        .optional()
        .describe('A JSON Schema (draft 4, as API Gateway takes it) the request body must match, written in place, e.g. { type: object, required: [sku], properties: { sku: { type: string } } }: API Gateway answers 400 to a body that does not, before the function runs. kind: rest only.'),
    })
    .describe('A route to a function, with its own authorization (and, kind: rest, the request it must send).'),
  z
    .strictObject({
      service: key.describe('The public container service (public: true) the route forwards to, through a VPC link to the shared load balancer.'),
      auth: auth.optional().describe("This route's authorization, when it differs from the API's."),
    })
    .describe('A route to a container service, with its own authorization.'),
]);

export const api = z
  .strictObject({
    kind: z
      .enum(['http', 'rest', 'graphql'])
      .default('http')
      .describe('http: an API Gateway HTTP API (v2), with routes. rest: an API Gateway REST API (v1), with routes, request validation, usage plans and API keys, behind the web ACL. graphql: an AWS AppSync GraphQL API, with a schema file and resolvers.'),
    auth: auth.describe('Every route\'s authorization unless the route says otherwise. Required: an API is never public by omission.'),
    jwt: z
      .strictObject({
        issuer: z.string().url().startsWith('https://').describe('The token issuer, e.g. https://cognito-idp.us-east-1.amazonaws.com/us-east-1_abc or https://example.auth0.com/.'),
        audience: z.array(z.string().min(1)).min(1).describe('Audiences (client IDs) a token must be issued for.'),
      })
      .optional()
      .describe('The JWT authorizer, for auth: jwt (kind: graphql: an OpenID Connect provider, its audiences the client IDs AppSync accepts).'),
    user_pool: z
      .strictObject({
        mfa: z
          .enum(['required', 'optional'])
          .default('required')
          .describe('required: every user signs in with a one-time code from an authenticator app (TOTP) after the password; optional: each user chooses.'),
        self_sign_up: z
          .boolean()
          .default(false)
          .describe('true: anyone may sign up (a public app), their email verified; false: only administrators create users (an invitation each).'),
        tier: z
          .enum(['essentials', 'plus'])
          .default('essentials')
          .describe("Cognito's feature plan. essentials: 10,000 monthly active users free, then $0.015 each (us-east-1). plus: threat protection (adaptive authentication, compromised-credential checks) enforced, $0.020 for every monthly active user, no free tier."),
      })
      .optional()
      .describe('The user pool generated for auth: cognito (left out: MFA required, administrators create users, the Essentials plan). kind: graphql and rest.'),
    schema: z
      .string()
      .min(1)
      .optional()
      .describe("The GraphQL schema (SDL) file, relative to the blueprint file that writes it, e.g. ./graphql/notes.graphql. AppSync's scalars (AWSDateTime, AWSJSON, ...) and directives (@aws_iam, @aws_subscribe, ...) may be used. kind: graphql only, required there."),
    resolvers: z
      .record(z.string().regex(RESOLVER_KEY, 'must be Type.field, e.g. Query.note or Mutation.putNote'), resolver)
      .optional()
      .describe('Resolvers keyed by the field they resolve ("Query.note"): a function, a table and an operation, or a container service, a method and a path. Every field of Query and Mutation needs one (a field without one always answers null). kind: graphql only.'),
    query_depth_limit: z
      .number()
      .int()
      .min(1)
      .max(75)
      .optional()
      .describe('The deepest nesting a query may have (AppSync: 1-75). Left out: 10, so one request cannot fan out into unbounded resolver calls (and cost). kind: graphql only.'),
    routes: z
      .record(z.string().regex(ROUTE_KEY, 'must be a route key: METHOD /path (e.g. GET /orders/{id}, ANY /{proxy+}) or $default'), route)
      .refine((r) => Object.keys(r).length > 0, { message: 'declare at least one route' })
      .optional()
      .describe('Routes keyed by their route key ("GET /orders/{id}"), each to the function it invokes: keys, never positions, so that adding one never replaces another. kind: http and rest, required there (kind: rest: functions only, no $default: write ANY /{proxy+}).'),
    usage_plans: z
      .record(
        key,
        z.strictObject({
          rps: z.number().int().min(1).optional().describe("Steady requests a second for each key of the plan. Left out: the API's throttle."),
          burst: z.number().int().min(1).optional().describe("Requests a key may send at once above its steady rate. Left out: the API's burst."),
          quota: z
            .strictObject({
              requests: z.number().int().min(1).describe('Requests a key may send in each period; beyond it, 429 until the next period.'),
              per: z.enum(['day', 'week', 'month']).describe('The period, starting at 00:00 UTC (a week on Monday, a month on the 1st).'),
            })
            .optional()
            .describe('How many requests each key may send per period. Left out: no quota (throttling only).'),
          keys: z.array(key).min(1).describe('The API keys of the plan, one per consumer (e.g. acme, globex): each is generated by API Gateway (its value never in the template or the state), named <blueprint>-<api>-<key>.'),
          description: z.string().optional(),
        }),
      )
      .refine((r) => Object.keys(r).length > 0, { message: 'declare at least one usage plan' })
      .optional()
      .describe("Usage plans keyed by a stable name, each with its throttling, quota and API keys, for routes with auth: api_key (partners and other teams calling a REST API). Left out with auth: api_key: one plan, default, at the API's throttle with one key, default. kind: rest only."),
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
      .describe('The stage\'s default throttling. Derived when left out: twice the peak (what the functions are sized for, with room for spikes), within API Gateway\'s account limits (10,000 a second, bursts of 5,000). kind: http and rest (a GraphQL API is rate-limited by its web ACL).'),
    cors: z
      .strictObject({
        origins: z.array(z.string().regex(/^(\*|https?:\/\/[^/\s]+)$/, 'must be an origin (https://example.com) or *')).min(1),
        methods: z.array(z.enum(HTTP_METHODS)).optional().describe('Allowed methods (those of the routes when left out).'),
        headers: z.array(z.string().min(1)).optional().describe('Allowed request headers (content-type and authorization when left out).'),
        max_age_seconds: z.number().int().min(0).max(86400).default(600),
      })
      .optional()
      .describe('Cross-origin requests from browsers: API Gateway answers the preflight. kind: http and rest (rest: one origin, or *; its functions\' responses must carry Access-Control-Allow-Origin themselves, which API Gateway adds only to its own answers and errors). AppSync answers every origin\'s preflight itself.'),
    domain: z
      .string()
      .regex(/^([a-z0-9-]+\.)+[a-z]{2,}$/, 'must be a domain name such as api.example.com')
      .optional()
      .describe("The API's own host name, e.g. api.example.com: a regional custom domain (TLS 1.2) with a DNS-validated certificate, its default endpoint turned off. In network.dns's zone, the certificate is validated and an alias record written automatically; otherwise validate it and point the name at the domain yourself. kind: graphql: an AppSync custom domain (AppSync serves it from CloudFront, so its certificate is requested in us-east-1: the stack's region must be us-east-1), the alias record written the same way."),
    cdn: z
      .boolean()
      .optional()
      .describe("true: a CloudFront distribution in front of the API (HTTPS only, nothing cached: every request reaches the API with its headers, the Host header aside), behind the CLOUDFRONT web ACL the static sites share: WAF for an HTTP API, which has none of its own. Needs the stack in us-east-1 and auth jwt or none (CloudFront changes the Host header that SigV4 signs). With domain, the domain is the distribution's (a certificate requested in us-east-1, TLS 1.2; an alias record in network.dns's zone) and the API has no API Gateway custom domain. kind: http only."),
    description: z.string().optional(),
  })
  .describe('One API, keyed by a stable name.');

export const apis = z.record(key, api).describe('Step 9: APIs, keyed by stable name.');
