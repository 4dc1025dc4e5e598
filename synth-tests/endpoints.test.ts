/*
 * VPC endpoints. Gateway endpoints: S3 always, DynamoDB with a table (or when
 * network.endpoints names it), on the route tables of the tier the tasks run
 * in. Interface endpoints: those network.endpoints names, in the subnets of
 * that tier, with private DNS, behind one security group admitting HTTPS from
 * the VPC. In the design and in both backends.
 */
import { blueprintSchema, type Blueprint } from '../src/schema';
import { network as networkSchema } from '../src/schema/network';
import { design } from '../src/design';
import { checkBlueprint } from '../src/design/checks';
import { ENDPOINTS } from '../src/design/network';
import { inventoryFromTemplate } from '../src/parity/cloudformation';
import { runUnderMocks } from '../src/pulumi/mock-run';
import { cfnInventory, designOf, synth } from './support';

const FIXTURE = 'synth-tests/fixtures/private-network.yaml';
type Resources = Record<string, { Type: string; Properties: Record<string, unknown>; DependsOn?: string[] }>;

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

describe('interface endpoints: design', () => {
  test('none unless written: no interface endpoint, no security group', () => {
    const d = design(bp());
    expect(d.network.interfaceEndpoints).toEqual([]);
    expect(d.network.endpointSecurityGroup).toBeUndefined();
    expect(d.decisions.filter((x) => x.subject === 'network.endpoints')).toEqual([]);
  });

  test('each written name: ecr is ecr.api and ecr.dkr; sorted by service, in the private subnets, private DNS', () => {
    const d = design(bp({ network: { cidr: '10.8.0.0/16', endpoints: ['secretsmanager', 'ecr', 'logs'] } }));
    expect(d.network.interfaceEndpoints).toEqual([
      { service: 'ecr.api', writtenAs: 'ecr', subnets: 'private', privateDns: true },
      { service: 'ecr.dkr', writtenAs: 'ecr', subnets: 'private', privateDns: true },
      { service: 'logs', writtenAs: 'logs', subnets: 'private', privateDns: true },
      { service: 'secretsmanager', writtenAs: 'secretsmanager', subnets: 'private', privateDns: true },
    ]);
    expect(d.network.endpointSecurityGroup).toEqual({
      description: 'Interface VPC endpoints',
      ingress: { protocol: 'tcp', port: 443, cidr: '10.8.0.0/16', description: 'HTTPS from the VPC (10.8.0.0/16)' },
      egress: 'none',
    });
    // One decision per name written, in the written order, then the security group's.
    const decisions = d.decisions.filter((x) => x.subject === 'network.endpoints');
    expect(decisions.map((x) => [x.name, x.value, x.source])).toEqual([
      ['secretsmanager', 'interface: secretsmanager in the private subnets, private DNS', 'written'],
      ['ecr', 'interface: ecr.api, ecr.dkr in the private subnets, private DNS', 'written'],
      ['logs', 'interface: logs in the private subnets, private DNS', 'written'],
      ['endpoint_security_group', 'HTTPS (TCP 443) from 10.8.0.0/16; no egress', 'derived'],
    ]);
    // 2 AZs (99.9 %): ecr is 2 endpoints x 2 AZs x $7.30.
    expect(decisions[1].rationale).toMatch(/off the NAT gateways; private DNS makes the service's usual name \(ecr\.api\.us-east-1\.amazonaws\.com\) resolve to the endpoint.*About \$29\.20 a month \(2 endpoints in 2 AZs/);
    expect(decisions[3].rationale).toMatch(/nothing from outside it; no egress rule/);
  });

  test('nat: none: in the public subnets, where the tasks run', () => {
    const d = design(bp({ network: { nat: 'none', endpoints: ['logs'] } }));
    expect(d.network.interfaceEndpoints).toEqual([{ service: 'logs', writtenAs: 'logs', subnets: 'public', privateDns: true }]);
    expect(d.decisions.find((x) => x.subject === 'network.endpoints' && x.name === 'logs')!.rationale).not.toMatch(/NAT/);
  });

  test('s3 and dynamodb are gateway endpoints: s3 is there anyway; dynamodb written is there without a table', () => {
    const d = design(bp({ network: { endpoints: ['s3', 'dynamodb'] } }));
    expect(d.network.gatewayEndpoints).toEqual([
      { service: 's3', tiers: ['private'] },
      { service: 'dynamodb', tiers: ['private'] },
    ]);
    expect(d.network.interfaceEndpoints).toEqual([]);
    expect(d.network.endpointSecurityGroup).toBeUndefined();
    const decisions = d.decisions.filter((x) => x.subject === 'network.endpoints');
    expect(decisions.map((x) => [x.name, x.value])).toEqual([['s3', 'gateway endpoint'], ['dynamodb', 'gateway endpoint']]);
    expect(decisions[1].rationale).toMatch(/though the blueprint has no table/);
    expect(d.decisions.find((x) => x.name === 'gateway_endpoints')!.rationale).toMatch(/DynamoDB \(written in network\.endpoints\)/);
  });

  test('the standby gets the same endpoints, in its own VPC', () => {
    const d = designOf(FIXTURE);
    expect(d.standby!.network.interfaceEndpoints).toEqual(d.network.interfaceEndpoints);
    expect(d.standby!.network.endpointSecurityGroup!.ingress.cidr).toBe('10.21.0.0/16');
  });

  test('unknown and repeated names are errors, with a suggestion; the schema describes every known name', () => {
    const issues = checkBlueprint(bp({ network: { endpoints: ['ecr.dkr', 'logs', 'logs', 'kms', 'sqs', 'cloudwatch'] } }));
    expect(issues.map((i) => [i.path.join('.'), i.message.replace(/; known: .*/, '')])).toEqual([
      ['network.endpoints.0', 'unknown endpoint "ecr.dkr" (did you mean "ecr"?)'],
      ['network.endpoints.2', '"logs" is listed twice'],
      ['network.endpoints.5', 'unknown endpoint "cloudwatch"'],
    ]);
    const described = networkSchema.shape.endpoints.description!;
    for (const name of Object.keys(ENDPOINTS)) expect(described).toMatch(new RegExp(`\\b${name}\\b`));
  });
});

describe('interface endpoints: CDK', () => {
  const { template, assertions } = synth(FIXTURE);
  const resources = template.Resources as Resources;
  const byType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);

  test('one endpoint per service, named by it, in the private subnets, private DNS, the shared group only, no policy', () => {
    const endpoints = byType('AWS::EC2::VPCEndpoint').filter(([, r]) => r.Properties.VpcEndpointType === 'Interface');
    expect(endpoints.map(([id, r]) => [id.replace(/[0-9A-F]{8}$/, ''), r.Properties.ServiceName])).toEqual([
      ['NetworkEndpointecrapi', 'com.amazonaws.us-east-1.ecr.api'],
      ['NetworkEndpointecrdkr', 'com.amazonaws.us-east-1.ecr.dkr'],
      ['NetworkEndpointlogs', 'com.amazonaws.us-east-1.logs'],
      ['NetworkEndpointsecretsmanager', 'com.amazonaws.us-east-1.secretsmanager'],
    ]);
    const [sg] = byType('AWS::EC2::SecurityGroup').find(([, r]) => r.Properties.GroupDescription === 'Interface VPC endpoints')!;
    const privateSubnets = byType('AWS::EC2::Subnet').filter(([id]) => id.includes('private')).map(([id]) => ({ Ref: id }));
    for (const [, e] of endpoints) {
      expect(e.Properties).toMatchObject({ PrivateDnsEnabled: true, SecurityGroupIds: [{ 'Fn::GetAtt': [sg, 'GroupId'] }], SubnetIds: privateSubnets });
      expect(e.Properties.PolicyDocument).toBeUndefined();
    }
    // The gateway endpoints are still two: S3, and DynamoDB (written, no table).
    expect(byType('AWS::EC2::VPCEndpoint').filter(([, r]) => r.Properties.VpcEndpointType === 'Gateway')).toHaveLength(2);
  });

  test('the shared security group admits HTTPS from the VPC only, and lets nothing out', () => {
    assertions.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: 'Interface VPC endpoints',
      SecurityGroupIngress: [{ CidrIp: '10.20.0.0/16', Description: 'HTTPS from the VPC (10.20.0.0/16)', FromPort: 443, ToPort: 443, IpProtocol: 'tcp' }],
      // CDK's rule that matches no traffic: AWS's allow-all egress removed.
      SecurityGroupEgress: [{ CidrIp: '255.255.255.255/32', IpProtocol: 'icmp', FromPort: 252, ToPort: 86, Description: 'Disallow all traffic' }],
    });
    const sg = byType('AWS::EC2::SecurityGroup').find(([, r]) => r.Properties.GroupDescription === 'Interface VPC endpoints')![0];
    for (const type of ['AWS::EC2::SecurityGroupIngress', 'AWS::EC2::SecurityGroupEgress']) {
      expect(byType(type).filter(([, r]) => JSON.stringify(r.Properties.GroupId).includes(sg))).toEqual([]);
    }
  });

  test('the inventory: the endpoints and their group', () => {
    const inv = cfnInventory(FIXTURE);
    expect(inv.network.interfaceEndpoints.map((e) => e.service)).toEqual(['ecr.api', 'ecr.dkr', 'logs', 'secretsmanager']);
    expect(inv.network.interfaceEndpoints[0]).toEqual({ service: 'ecr.api', subnets: ['private:us-east-1a', 'private:us-east-1b'], privateDns: true });
    expect(inv.network.endpointSecurityGroup).toEqual({ ingress: ['10.20.0.0/16:443'], egress: [] });
    expect(inv.standby!.network.endpointSecurityGroup).toEqual({ ingress: ['10.21.0.0/16:443'], egress: [] });
  });

  test("the reader: a rule from the VPC's CidrBlock reads as the block itself; a second group on an endpoint throws", () => {
    const copy = JSON.parse(JSON.stringify(template)) as { Resources: Resources };
    const vpc = Object.keys(copy.Resources).find((id) => copy.Resources[id].Type === 'AWS::EC2::VPC')!;
    const sg = Object.values(copy.Resources).find((r) => r.Properties.GroupDescription === 'Interface VPC endpoints')!;
    (sg.Properties.SecurityGroupIngress as Record<string, unknown>[])[0].CidrIp = { 'Fn::GetAtt': [vpc, 'CidrBlock'] };
    expect(inventoryFromTemplate(copy).network.endpointSecurityGroup).toEqual({ ingress: ['10.20.0.0/16:443'], egress: [] });
    const other = Object.keys(copy.Resources).find((id) => copy.Resources[id].Type === 'AWS::EC2::SecurityGroup' && id.includes('LoadBalancing'))!;
    const endpoint = Object.values(copy.Resources).find((r) => r.Properties.ServiceName === 'com.amazonaws.us-east-1.logs')!;
    (endpoint.Properties.SecurityGroupIds as unknown[]).push({ 'Fn::GetAtt': [other, 'GroupId'] });
    expect(() => inventoryFromTemplate(copy)).toThrow(/is shared by load-balancer and endpoint:interface/);
  });
});

describe('interface endpoints: Pulumi', () => {
  test('the same endpoints and security group, in the network component', async () => {
    const d = designOf(FIXTURE);
    const g = (await runUnderMocks(d)).filter((r) => !r.name.startsWith('private-network-standby'));
    const endpoints = g.filter((r) => r.type === 'aws:ec2/vpcEndpoint:VpcEndpoint' && r.inputs.vpcEndpointType === 'Interface');
    expect(endpoints.map((e) => [e.name, e.inputs.serviceName])).toEqual([
      ['private-network-ecr-api-endpoint', 'com.amazonaws.us-east-1.ecr.api'],
      ['private-network-ecr-dkr-endpoint', 'com.amazonaws.us-east-1.ecr.dkr'],
      ['private-network-logs-endpoint', 'com.amazonaws.us-east-1.logs'],
      ['private-network-secretsmanager-endpoint', 'com.amazonaws.us-east-1.secretsmanager'],
    ]);
    for (const e of endpoints) {
      expect(e.inputs).toMatchObject({
        privateDnsEnabled: true,
        securityGroupIds: ['private-network-endpoint-sg-id'],
        subnetIds: ['private-network-private-us-east-1a-id', 'private-network-private-us-east-1b-id'],
        vpcId: 'private-network-vpc-id',
      });
      expect(e.inputs.policy).toBeUndefined();
      expect(e.parent).toBe('blueprint:index:Network::private-network');
    }
    const sg = g.find((r) => r.name === 'private-network-endpoint-sg')!;
    expect(sg.inputs).toEqual({
      vpcId: 'private-network-vpc-id',
      description: 'Interface VPC endpoints',
      ingress: [{ protocol: 'tcp', fromPort: 443, toPort: 443, cidrBlocks: ['10.20.0.0/16'], description: 'HTTPS from the VPC (10.20.0.0/16)' }],
      egress: [],
    });
  });
});
