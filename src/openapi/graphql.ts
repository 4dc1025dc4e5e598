import type { Design, GraphqlApiDesign } from '../design';
import type { OpenApiDocument } from './index';

/*
 * The OpenAPI 3.1 document of a GraphQL API: its one endpoint (POST /graphql, a GraphQL request in, a GraphQL
 * response out), its authorization as a security scheme, and the schema file's SDL copied as written
 * (x-graphql-schema), which is what GraphQL clients integrate against.
 */

const SCHEMES: Record<GraphqlApiDesign['authenticationType'], (d: Design, api: GraphqlApiDesign) => Record<string, unknown>> = {
  AWS_IAM: () => ({ type: 'apiKey', name: 'Authorization', in: 'header', description: 'AWS Signature Version 4 (SigV4) of an IAM principal allowed appsync:GraphQL on the API' }),
  OPENID_CONNECT: (_d, api) => ({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: `an OpenID Connect token of ${api.openIdConnect?.issuer} for a client ID matching ${api.openIdConnect?.clientId}` }),
  AMAZON_COGNITO_USER_POOLS: (d, api) => ({ type: 'apiKey', name: 'Authorization', in: 'header', description: `a Cognito ID or access token of user pool ${d.name}-${api.userPool}, issued to its app client (the token itself, no "Bearer " prefix)` }),
};

const SCHEME_NAMES: Record<GraphqlApiDesign['authenticationType'], string> = { AWS_IAM: 'iam', OPENID_CONNECT: 'jwt', AMAZON_COGNITO_USER_POOLS: 'cognito' };

/** The document of one GraphQL API of a design. */
export function graphqlOpenApiOf(d: Design, api: GraphqlApiDesign): OpenApiDocument {
  const scheme = SCHEME_NAMES[api.authenticationType];
  const fields = api.resolvers.map((r) => `${r.typeName}.${r.fieldName}`).join(', ');
  return {
    openapi: '3.1.0',
    info: { title: api.name, version: '1', description: `AWS AppSync GraphQL API. Fields resolved: ${fields}. The schema is x-graphql-schema.` },
    servers: [
      {
        url: `https://{apiHost}.appsync-api.${d.region}.amazonaws.com`,
        description: `AWS AppSync GraphQL API ${api.name}`,
        variables: { apiHost: { default: 'API_HOST', description: "the first label of the API's GraphQL endpoint, from the deployed stack" } },
      },
    ],
    paths: {
      '/graphql': {
        post: {
          operationId: `${api.key}-graphql`,
          summary: 'a GraphQL query or mutation',
          security: [{ [scheme]: [] }],
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['query'],
                  properties: { query: { type: 'string', description: 'the GraphQL document' }, operationName: { type: 'string' }, variables: { type: 'object', additionalProperties: true } },
                },
              },
            },
          },
          responses: {
            '200': {
              description: 'a GraphQL response: data, and errors for the fields that failed',
              content: { 'application/json': { schema: { type: 'object', properties: { data: { type: ['object', 'null'] }, errors: { type: 'array', items: { type: 'object' } } } } } },
            },
            '400': { description: `not a valid GraphQL request, or nested deeper than ${api.queryDepthLimit} levels` },
            '401': { description: 'no valid credentials' },
          },
        },
      },
    },
    components: { securitySchemes: { [scheme]: SCHEMES[api.authenticationType](d, api) } },
    'x-graphql-schema': api.schema.definition,
  };
}
