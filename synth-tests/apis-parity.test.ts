import { design } from '../src/design';
import { loadBlueprint } from '../src/load';
import { diffInventories } from '../src/parity/diff';
import type { Inventory } from '../src/parity/inventory';
import { inventoryFromPulumi } from '../src/parity/pulumi';
import { runUnderMocks, type RegisteredResource } from '../src/pulumi/mock-run';
import { cfnInventory } from './support';
import { underEveryProfile } from './support/profiles';

/*
 * The API part of both inventories of serverless-api.yaml agrees: `apis`, the alarms on an API (ApiId) and
 * the APIs' access-log groups, read back from the CDK template and from the Pulumi mock run, and a
 * difference is named by what it is about (parity.test.ts compares the whole inventories; this names the
 * API's part precisely).
 */

const FILE = 'blueprints/serverless-api.yaml';

type Part = Pick<Inventory, 'apis' | 'alarms' | 'logGroups'>;

const onApi = (inv: Pick<Inventory, 'apis' | 'alarms' | 'logGroups'>): Part => ({
  apis: inv.apis,
  alarms: inv.alarms.filter((a) => JSON.stringify(a.metric).includes('"ApiId"')),
  logGroups: inv.logGroups.filter((lg) => lg.owner.startsWith('api:')),
});

const cdkPart = (file: string): Part => onApi(cfnInventory(file));
const pulumiPart = (graph: RegisteredResource[]): Part => onApi(inventoryFromPulumi(graph));

const graphOf = (file: string) => runUnderMocks(design(loadBlueprint(file).blueprint));

describe.each([
  ['as written', FILE],
  ['under every compliance profile', underEveryProfile(FILE)],
])('%s', (_, file) => {
  test('cdk and pulumi render the same APIs, alarms on them and access-log groups', async () => {
    const cdk = cdkPart(file);
    expect(diffInventories(cdk, pulumiPart(await graphOf(file)), ['cdk', 'pulumi'])).toEqual([]);
    expect(cdk.apis.map((a) => [a.key, a.routes.length, a.permissions.length])).toEqual([['notes', 4, 4]]);
    expect(cdk.alarms).toHaveLength(3);
    expect(cdk.logGroups.map((lg) => lg.owner)).toEqual(['api:notes']);
  });
});

test('a difference in a route, the throttling, a permission or the access-log group is named', async () => {
  const graph = await graphOf(FILE);
  const named = (name: string) => graph.find((r) => r.name === name)!;
  const health = named('serverless-api-api-notes-route-GET-health-74fac6');
  Object.assign(health.inputs, { authorizationType: 'JWT', authorizerId: 'serverless-api-api-notes-jwt-id' });
  (named('serverless-api-api-notes-stage').inputs.defaultRouteSettings as { throttlingRateLimit: number }).throttlingRateLimit = 500;
  graph.splice(graph.indexOf(named('serverless-api-api-notes-invoke-PUT-notes-id-505d91')), 1);
  named('serverless-api-api-notes-access-logs').inputs.retentionInDays = 30;
  expect(diffInventories(cdkPart(FILE), pulumiPart(graph), ['cdk', 'pulumi'])).toEqual([
    'apis[notes].permissions[execute-api:notes/*/PUT/notes/{id}]: only in cdk',
    'apis[notes].routes[GET /health].authorizationType: cdk "NONE", pulumi "JWT"',
    'apis[notes].routes[GET /health].authorizer: cdk null, pulumi "jwt"',
    'apis[notes].stage.throttling.rateLimit: cdk 400, pulumi 500',
    'logGroups[api:notes].retentionDays: cdk 90, pulumi 30',
  ]);
});

test('the Pulumi reader refuses what it does not read: an unread input, a permission from no API, an integration no route targets', async () => {
  const fresh = async () => {
    const graph = await graphOf(FILE);
    return { graph, named: (name: string) => graph.find((r) => r.name === name)! };
  };
  let g = await fresh();
  g.named('serverless-api-api-notes-stage').inputs.routeSettings = [];
  expect(() => pulumiPart(g.graph)).toThrow('parity: stage serverless-api-api-notes-stage: routeSettings: not in the inventory');
  g = await fresh();
  g.named('serverless-api-api-notes-invoke-GET-health-74fac6').inputs.sourceArn = 'arn:aws:s3:::uploads';
  expect(() => pulumiPart(g.graph)).toThrow("parity: Lambda permission serverless-api-api-notes-invoke-GET-health-74fac6: arn:aws:s3:::uploads is not below an API's execute-api ARN in us-east-1");
  g = await fresh();
  const integration = g.named('serverless-api-api-notes-integration-list-notes');
  g.graph.push({ ...integration, name: 'serverless-api-api-notes-integration-spare', inputs: { ...integration.inputs } });
  expect(() => pulumiPart(g.graph)).toThrow('parity: integration serverless-api-api-notes-integration-spare: no route targets it');
  g = await fresh();
  g.named('serverless-api-api-notes-jwt').inputs.authorizerType = 'REQUEST';
  expect(() => pulumiPart(g.graph)).toThrow('parity: authorizer serverless-api-api-notes-jwt is REQUEST; the inventory reads JWT authorizers');
});
