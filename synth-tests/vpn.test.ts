/*
 * network.vpn, a Site-to-Site VPN: the design (customer gateway, virtual
 * private gateway, one connection, static routes, route propagation into the
 * tasks' and data stores' route tables; none in a standby), each backend's
 * rendering of it, and the same `network.vpn` inventory from both.
 */
import { blueprintSchema, type Blueprint } from '../src/schema';
import { design } from '../src/design';
import { checkBlueprint } from '../src/design/checks';
import { loadBlueprint } from '../src/load';
import { compareBackends } from '../src/parity';
import { diffInventories } from '../src/parity/diff';
import { inventoryFromTemplate } from '../src/parity/cloudformation';
import { inventoryFromPulumi } from '../src/parity/pulumi';
import { runUnderMocks } from '../src/pulumi/mock-run';
import { buildStack, templateOf } from '../src/cdk/synth';
import { cfnInventory, designOf, synth } from './support';

const FIXTURE = 'synth-tests/fixtures/private-network.yaml';
const VPN = { customer_gateway_ip: '1.2.3.4', routes: ['192.168.0.0/16'] };
const bp = (network: Record<string, unknown>, over: Record<string, unknown> = {}): Blueprint =>
  blueprintSchema.parse({ blueprint: 1, name: 'shop', services: { web: { image: 'nginx', public: true } }, network, ...over });
type Resources = Record<string, { Type: string; Properties: Record<string, unknown>; DependsOn?: string[] }>;

describe('design', () => {
  test('none unless written', () => {
    const d = design(bp({}));
    expect(d.network.vpn).toBeUndefined();
    expect(d.decisions.filter((x) => x.subject === 'network.vpn')).toEqual([]);
  });

  test('static routes by default, ASN 65000, Amazon side 64512, propagated into the private and isolated route tables', () => {
    const d = design(bp({ cidr: '10.8.0.0/16', vpn: { customer_gateway_ip: '1.2.3.4', routes: ['192.168.0.0/16', '172.16.0.0/12', '10.9.0.0/16'] } }));
    expect(d.network.vpn).toEqual({
      customerGateway: { type: 'ipsec.1', ipAddress: '1.2.3.4', bgpAsn: 65000, bgpAsnExtended: false },
      gateway: { type: 'ipsec.1', amazonSideAsn: 64512 },
      connection: { type: 'ipsec.1', staticRoutesOnly: true },
      // By address.
      routes: ['10.9.0.0/16', '172.16.0.0/12', '192.168.0.0/16'],
      propagation: ['private', 'isolated'],
    });
    const decisions = d.decisions.filter((x) => x.subject === 'network.vpn');
    expect(decisions.map((x) => [x.name, x.value, x.source])).toEqual([
      ['customer_gateway', '1.2.3.4, ASN 65000', 'written'],
      ['virtual_private_gateway', 'ASN 64512, attached to the VPC', 'default'],
      ['connection', 'static routing', 'default'],
      ['routes', '10.9.0.0/16, 172.16.0.0/12, 192.168.0.0/16', 'written'],
      ['route_propagation', 'private, isolated route tables', 'derived'],
    ]);
    expect(decisions[2].rationale).toMatch(/two tunnels .* AWS's defaults .* \$36\.50 a month/);
    expect(decisions[4].rationale).toMatch(/private subnets \(tasks\) and the isolated ones \(databases, caches\)/);
  });

  test('nat: none: the public route tables (where the tasks run) instead of the private', () => {
    expect(design(bp({ nat: 'none', vpn: VPN })).network.vpn!.propagation).toEqual(['public', 'isolated']);
  });

  test('dynamic routing: no static routes; an ASN above 2,147,483,647 is an extended one', () => {
    const v = design(bp({ vpn: { customer_gateway_ip: '1.2.3.4', bgp_asn: 4200000001, static_routes_only: false } })).network.vpn!;
    expect(v.connection.staticRoutesOnly).toBe(false);
    expect(v.routes).toEqual([]);
    expect(v.customerGateway).toMatchObject({ bgpAsn: 4200000001, bgpAsnExtended: true });
  });

  test('the standby gets no VPN, and the plan says what failing over needs', () => {
    const d = designOf(FIXTURE);
    expect(d.network.vpn).toBeDefined();
    expect(d.standby!.network.vpn).toBeUndefined();
    expect(d.standby!.decisions.filter((x) => x.subject === 'network.vpn')).toEqual([]);
    const why = d.decisions.find((x) => x.subject === 'standby' && x.name === 'vpn')!;
    expect(why.value).toBe('none');
    expect(why.rationale).toMatch(/After failover, set up its own: a virtual private gateway on the standby's VPC \(10\.21\.0\.0\/16.*customer gateway/);
  });

  test('checks: overlaps with the VPC, the standby and each other, all at once', () => {
    const standby = { requirements: { rto_minutes: 240, regions: { primary: 'us-east-1', secondary: 'us-west-2' } } };
    const issues = checkBlueprint(bp({ cidr: '10.20.0.0/16', vpn: { customer_gateway_ip: '1.2.3.4', routes: ['10.20.128.0/17', '10.21.0.0/24', '172.16.0.0/12', '172.16.0.0/12'] } }, standby));
    expect(issues.map((i) => [i.path.join('.'), i.message.split(';')[0]])).toEqual([
      ['network.vpn.routes.0', "10.20.128.0/17 overlaps the VPC's 10.20.0.0/16 (network.cidr)"],
      ['network.vpn.routes.1', "10.21.0.0/24 overlaps the standby's VPC 10.21.0.0/16 (the block after network.cidr, in us-west-2)"],
      ['network.vpn.routes.3', '"172.16.0.0/12" is listed twice'],
    ]);
    // Without a standby the block after the VPC's is free.
    expect(checkBlueprint(bp({ cidr: '10.20.0.0/16', vpn: { customer_gateway_ip: '1.2.3.4', routes: ['10.21.0.0/24'] } }))).toEqual([]);
  });
});

describe('CDK', () => {
  const { template, assertions } = synth(FIXTURE);
  const resources = template.Resources as Resources;
  const idOf = (type: string) => Object.keys(resources).find((id) => resources[id].Type === type)!;

  test('a customer gateway, a VPN gateway attached to the VPC, one connection between them with static routes', () => {
    assertions.resourceCountIs('AWS::EC2::CustomerGateway', 1);
    assertions.resourceCountIs('AWS::EC2::VPNGateway', 1);
    assertions.resourceCountIs('AWS::EC2::VPNConnection', 1);
    assertions.hasResourceProperties('AWS::EC2::CustomerGateway', { Type: 'ipsec.1', IpAddress: '1.2.3.4', BgpAsn: 65010 });
    assertions.hasResourceProperties('AWS::EC2::VPNGateway', { Type: 'ipsec.1', AmazonSideAsn: 64512 });
    const [cgw, vgw, vpc] = [idOf('AWS::EC2::CustomerGateway'), idOf('AWS::EC2::VPNGateway'), idOf('AWS::EC2::VPC')];
    assertions.hasResourceProperties('AWS::EC2::VPCGatewayAttachment', { VpcId: { Ref: vpc }, VpnGatewayId: { Ref: vgw } });
    // Tunnel options are AWS's: none is written.
    expect(resources[idOf('AWS::EC2::VPNConnection')].Properties).toEqual({
      Type: 'ipsec.1',
      CustomerGatewayId: { Ref: cgw },
      VpnGatewayId: { Ref: vgw },
      StaticRoutesOnly: true,
      Tags: [{ Key: 'blueprint', Value: 'private-network' }],
    });
  });

  test('one route per on-premises block, named by the block', () => {
    const conn = idOf('AWS::EC2::VPNConnection');
    const routes = Object.entries(resources).filter(([, r]) => r.Type === 'AWS::EC2::VPNConnectionRoute');
    expect(routes.map(([id, r]) => [id.replace(/[0-9A-F]{8}$/, ''), r.Properties])).toEqual([
      ['NetworkVpnRoute172168022', { DestinationCidrBlock: '172.16.8.0/22', VpnConnectionId: { Ref: conn } }],
      ['NetworkVpnRoute1921680016', { DestinationCidrBlock: '192.168.0.0/16', VpnConnectionId: { Ref: conn } }],
    ]);
  });

  test('route propagation into the private and isolated route tables, once the gateway is attached', () => {
    const propagation = resources[idOf('AWS::EC2::VPNGatewayRoutePropagation')];
    const tables = Object.keys(resources).filter((id) => resources[id].Type === 'AWS::EC2::RouteTable' && /private|isolated/.test(id));
    expect(tables).toHaveLength(4);
    expect((propagation.Properties.RouteTableIds as { Ref: string }[]).map((r) => r.Ref).sort()).toEqual(tables.sort());
    const attachment = Object.keys(resources).find((id) => resources[id].Type === 'AWS::EC2::VPCGatewayAttachment' && resources[id].Properties.VpnGatewayId)!;
    expect(propagation.DependsOn).toEqual([attachment]);
  });

  test('the reader refuses a propagation that does not wait for the attachment', () => {
    const copy = JSON.parse(JSON.stringify(template)) as { Resources: Resources };
    delete copy.Resources[idOf('AWS::EC2::VPNGatewayRoutePropagation')].DependsOn;
    expect(() => inventoryFromTemplate(copy)).toThrow(/does not wait for the gateway's attachment/);
  });

  test('an ASN above 2,147,483,647 is written as BgpAsnExtended', () => {
    const loaded = loadBlueprint('blueprints/starter.yaml');
    const over = { ...loaded, blueprint: { ...loaded.blueprint, network: { ...loaded.blueprint.network, vpn: { customer_gateway_ip: '1.2.3.4', bgp_asn: 4200000001, static_routes_only: false } } } };
    const t = templateOf(buildStack(over).stack) as { Resources: Resources };
    const cg = Object.values(t.Resources).find((r) => r.Type === 'AWS::EC2::CustomerGateway')!;
    expect(cg.Properties).toMatchObject({ BgpAsnExtended: 4200000001 });
    expect(cg.Properties.BgpAsn).toBeUndefined();
    expect(Object.values(t.Resources).filter((r) => r.Type === 'AWS::EC2::VPNConnectionRoute')).toEqual([]);
  });

  test('the standby stack has no VPN', () => {
    const types = Object.values(synth(FIXTURE).standby!.template.Resources as Resources).map((r) => r.Type);
    for (const type of ['AWS::EC2::CustomerGateway', 'AWS::EC2::VPNGateway', 'AWS::EC2::VPNConnection', 'AWS::EC2::VPNConnectionRoute', 'AWS::EC2::VPNGatewayRoutePropagation']) {
      expect(types).not.toContain(type);
    }
  });
});

describe('Pulumi', () => {
  test('the same gateways, connection, routes and one propagation per route table, in the network component', async () => {
    const g = await runUnderMocks(designOf(FIXTURE));
    const of = (type: string) => g.filter((r) => r.type === `aws:ec2/${type}`);
    expect(of('customerGateway:CustomerGateway').map((r) => [r.name, r.inputs])).toEqual([['private-network-customer-gateway', { type: 'ipsec.1', ipAddress: '1.2.3.4', bgpAsn: '65010' }]]);
    // Given the VPC, the provider attaches the gateway.
    expect(of('vpnGateway:VpnGateway').map((r) => [r.name, r.inputs])).toEqual([['private-network-vpn-gateway', { vpcId: 'private-network-vpc-id', amazonSideAsn: '64512' }]]);
    expect(of('vpnConnection:VpnConnection').map((r) => [r.name, r.inputs])).toEqual([
      ['private-network-vpn', { type: 'ipsec.1', customerGatewayId: 'private-network-customer-gateway-id', vpnGatewayId: 'private-network-vpn-gateway-id', staticRoutesOnly: true }],
    ]);
    expect(of('vpnConnectionRoute:VpnConnectionRoute').map((r) => [r.name, r.inputs.destinationCidrBlock, r.inputs.vpnConnectionId])).toEqual([
      ['private-network-vpn-route-172-16-8-0-22', '172.16.8.0/22', 'private-network-vpn-id'],
      ['private-network-vpn-route-192-168-0-0-16', '192.168.0.0/16', 'private-network-vpn-id'],
    ]);
    expect(of('vpnGatewayRoutePropagation:VpnGatewayRoutePropagation').map((r) => r.inputs.routeTableId)).toEqual([
      'private-network-isolated-us-east-1a-routes-id',
      'private-network-isolated-us-east-1b-routes-id',
      'private-network-private-us-east-1a-routes-id',
      'private-network-private-us-east-1b-routes-id',
    ]);
    for (const r of g.filter((x) => /vpn|customerGateway/i.test(x.type))) expect(r.parent).toBe('blueprint:index:Network::private-network');
  });
});

describe('inventory', () => {
  test('network.vpn: the gateways, static routes and propagated route tables; none in the standby', () => {
    const inv = cfnInventory(FIXTURE);
    expect(inv.network.vpn).toEqual({
      customerGateway: { ipAddress: '1.2.3.4', bgpAsn: 65010, type: 'ipsec.1' },
      gateway: { amazonSideAsn: 64512, type: 'ipsec.1' },
      connection: { type: 'ipsec.1', staticRoutesOnly: true, routes: ['172.16.8.0/22', '192.168.0.0/16'] },
      propagation: ['isolated:us-east-1a', 'isolated:us-east-1b', 'private:us-east-1a', 'private:us-east-1b'],
    });
    expect(inv.standby!.network.vpn).toBeNull();
    expect(cfnInventory('blueprints/web-app.yaml').network.vpn).toBeNull();
  });

  test('the parity check fails when the Pulumi program propagates into fewer tables or routes something else', async () => {
    const loaded = loadBlueprint(FIXTURE);
    const { cdk } = await compareBackends(loaded);
    const graph = await runUnderMocks(design(loaded.blueprint));
    graph.splice(graph.findIndex((r) => r.name === 'private-network-vpn-propagation-isolated-us-east-1b'), 1);
    graph.find((r) => r.name === 'private-network-vpn-route-172-16-8-0-22')!.inputs.destinationCidrBlock = '172.16.0.0/16';
    graph.find((r) => r.name === 'private-network-endpoint-sg')!.inputs.ingress = [{ protocol: 'tcp', fromPort: 443, toPort: 443, cidrBlocks: ['0.0.0.0/0'] }];
    expect(diffInventories(cdk, inventoryFromPulumi(graph), ['cdk', 'pulumi'])).toEqual([
      'network.endpointSecurityGroup.ingress: cdk ["10.20.0.0/16:443"], pulumi ["0.0.0.0/0:443"]',
      'network.vpn.connection.routes: cdk ["172.16.8.0/22","192.168.0.0/16"], pulumi ["172.16.0.0/16","192.168.0.0/16"]',
      'network.vpn.propagation: cdk ["isolated:us-east-1a","isolated:us-east-1b","private:us-east-1a","private:us-east-1b"], pulumi ["isolated:us-east-1a","private:us-east-1a","private:us-east-1b"]',
    ]);
  });
});
