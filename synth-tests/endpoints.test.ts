/*
 * Gateway VPC endpoints: S3 always, DynamoDB with a table, on the route
 * tables of the tier the tasks run in, in the design and in both backends.
 */
import { blueprintSchema, type Blueprint } from '../src/schema';
import { design } from '../src/design';
import { runUnderMocks } from '../src/pulumi/mock-run';
import { cfnInventory, designOf, synth } from './support';

const bp = (over: Record<string, unknown> = {}): Blueprint => blueprintSchema.parse({ blueprint: 1, name: 'shop', services: { web: { image: 'nginx', public: true } }, ...over });

test('design: S3 always; DynamoDB with a table; on the tier where tasks run', () => {
  expect(design(bp()).network.gatewayEndpoints).toEqual([{ service: 's3', tiers: ['private'] }]);
  const withTable = design(bp({ data: { orders: { engine: 'dynamodb', partition_key: { name: 'pk' } } } }));
  expect(withTable.network.gatewayEndpoints).toEqual([
    { service: 's3', tiers: ['private'] },
    { service: 'dynamodb', tiers: ['private'] },
  ]);
  expect(withTable.decisions.find((d) => d.name === 'gateway_endpoints')!.rationale).toMatch(/off the NAT gateways/);
  expect(design(bp({ network: { nat: 'none' } })).network.gatewayEndpoints).toEqual([{ service: 's3', tiers: ['public'] }]);
});

test('CDK: one gateway endpoint per service on the private route tables, no policy', () => {
  const { template, assertions } = synth('blueprints/event-driven.yaml');
  assertions.resourceCountIs('AWS::EC2::VPCEndpoint', 2);
  const endpoints = Object.values(template.Resources as Record<string, { Type: string; Properties: Record<string, unknown> }>).filter((r) => r.Type === 'AWS::EC2::VPCEndpoint');
  for (const e of endpoints) expect(e.Properties.PolicyDocument).toBeUndefined();
  expect(cfnInventory('blueprints/event-driven.yaml').network.gatewayEndpoints).toEqual([
    { service: 'dynamodb', routeTables: ['private:eu-west-1a', 'private:eu-west-1b'] },
    { service: 's3', routeTables: ['private:eu-west-1a', 'private:eu-west-1b'] },
  ]);
});

test('Pulumi: the same endpoints, gateway type, on the private route tables', async () => {
  const d = designOf('blueprints/event-driven.yaml');
  const g = await runUnderMocks(d);
  const endpoints = g.filter((r) => r.type === 'aws:ec2/vpcEndpoint:VpcEndpoint');
  expect(endpoints.map((e) => [e.name, e.inputs.serviceName, e.inputs.vpcEndpointType, (e.inputs.routeTableIds as string[]).length])).toEqual([
    ['event-driven-dynamodb-endpoint', `com.amazonaws.${d.region}.dynamodb`, 'Gateway', 2],
    ['event-driven-s3-endpoint', `com.amazonaws.${d.region}.s3`, 'Gateway', 2],
  ]);
  for (const e of endpoints) expect((e.inputs.routeTableIds as string[]).every((id) => id.includes('-private-'))).toBe(true);
});
