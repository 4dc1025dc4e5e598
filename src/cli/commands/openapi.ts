import { design } from '../../design';
import { loadBlueprint } from '../../load';
import { openApiOf } from '../../openapi';
import { graphqlOpenApiOf } from '../../openapi/graphql';
import { restOpenApiOf } from '../../openapi/rest';
import { byText } from '../../text';
import { expectPositionals } from '../args';
import { defineCommand } from '../command';
import { EXIT, UsageError } from '../errors';
import { displayPath, print, writeFile } from '../output';

export const command = defineCommand({
  description: [
    'Prints the OpenAPI 3.1 document of an API a blueprint declares under apis.',
    'An HTTP API: each route as a path and operation with its path parameters,',
    'its authorization as a security scheme (jwt: bearer token; iam: SigV4), and',
    'the server it is deployed to; request and response bodies are the',
    "functions' own: each operation answers with the function's response.",
    'A REST API: the same, with the parameters and JSON body schemas API',
    'Gateway validates, API keys (x-api-key) and its usage plans (x-usage-plans).',
    'A GraphQL API: its one endpoint, POST /graphql, its authorization, and its',
    'schema file copied as written (x-graphql-schema).',
    'With more than one API, name one with --api.',
  ].join('\n'),
  options: {
    api: { type: 'string', placeholder: 'NAME', description: 'The API (a key under apis) to describe; required when there are several.' },
    out: { type: 'string', short: 'o', placeholder: 'FILE', description: 'Write the document to FILE (replacing it) and print its path.' },
  },
  exitCodes: [
    [0, 'the document was printed or written'],
    [1, 'usage error (no such API, several without --api, none at all), FILE cannot be written, or internal error'],
    [2, 'FILE is not a valid blueprint'],
  ],
  examples: ['blueprint openapi blueprints/serverless-api.yaml', 'blueprint openapi blueprints/serverless-api.yaml --api notes -o notes.openapi.json', 'blueprint openapi blueprints/graphql-app.yaml'],
  run({ values, positionals }) {
    expectPositionals('openapi', positionals, 'FILE', { min: 1, max: 1 });
    const d = design(loadBlueprint(positionals[0]).blueprint);
    const keys = [...d.apis.map((a) => a.key), ...d.restApis.map((a) => a.key), ...d.graphqlApis.map((a) => a.key)].sort(byText);
    if (!keys.length) throw new UsageError(`${positionals[0]} declares no API (apis:)`);
    if (values.api === undefined && keys.length > 1) throw new UsageError(`${positionals[0]} declares ${keys.length} APIs (${keys.join(', ')}): name one with --api`);
    const key = values.api ?? keys[0];
    const http = d.apis.find((a) => a.key === key);
    const graphql = d.graphqlApis.find((a) => a.key === key);
    const rest = d.restApis.find((a) => a.key === key);
    if (!http && !graphql && !rest) throw new UsageError(`no API "${values.api}" in ${positionals[0]} (it declares ${keys.join(', ')})`);
    const text = `${JSON.stringify(http ? openApiOf(d, http) : rest ? restOpenApiOf(d, rest) : graphqlOpenApiOf(d, graphql!), null, 2)}\n`;
    if (values.out === undefined) print(text);
    else {
      writeFile(values.out, text);
      print(displayPath(values.out));
    }
    return EXIT.ok;
  },
});
