import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import type { NetworkDesign, SubnetTier } from '../design';
import { assumeRolePolicy } from './iam';
import { logGroup as createLogGroup } from './retention';

/** The VPC: subnet tiers, NAT gateways and flow logs exactly as designed (mirrors src/cdk/network.ts). */
export class Network extends pulumi.ComponentResource {
  readonly vpc: aws.ec2.Vpc;
  /** Subnets by tier, in the design's AZ order. */
  readonly subnets = new Map<SubnetTier, aws.ec2.Subnet[]>();

  constructor(name: string, args: { design: NetworkDesign; region: string; /** The stack's key (its flow-log group's encryption). */ key?: pulumi.Output<string> }, opts?: pulumi.ComponentResourceOptions) {
    super('blueprint:index:Network', name, {}, opts);
    const d = args.design;
    const parent = { parent: this };
    this.vpc = new aws.ec2.Vpc(`${name}-vpc`, { cidrBlock: d.cidr, enableDnsHostnames: true, enableDnsSupport: true, tags: { Name: `${name}-vpc` } }, parent);
    const igw = new aws.ec2.InternetGateway(`${name}-igw`, { vpcId: this.vpc.id }, parent);
    // Strip the default security group of its rules, as CDK's restrictDefaultSecurityGroup does.
    new aws.ec2.DefaultSecurityGroup(`${name}-default-sg`, { vpcId: this.vpc.id, ingress: [], egress: [] }, parent);

    for (const tier of d.subnets) {
      this.subnets.set(
        tier.tier,
        tier.cidrs.map(
          (cidr, i) =>
            new aws.ec2.Subnet(
              `${name}-${tier.tier}-${d.availabilityZones[i]}`,
              {
                vpcId: this.vpc.id,
                cidrBlock: cidr,
                availabilityZone: d.availabilityZones[i],
                // Public subnets as the design says (no address on launch: the NAT gateways and the load balancer have their own).
                mapPublicIpOnLaunch: tier.tier === 'public' && d.mapPublicIpOnLaunch,
                tags: { Name: `${name}-${tier.tier}-${d.availabilityZones[i]}` },
              },
              parent,
            ),
        ),
      );
    }

    const publicSubnets = this.subnets.get('public') ?? [];
    const nats = publicSubnets.slice(0, d.natGateways).map((subnet, i) => {
      const az = d.availabilityZones[i];
      const eip = new aws.ec2.Eip(`${name}-nat-eip-${az}`, { domain: 'vpc' }, parent);
      return new aws.ec2.NatGateway(`${name}-nat-${az}`, { allocationId: eip.id, subnetId: subnet.id }, { parent: this, dependsOn: [igw] });
    });

    const tables = new Map<SubnetTier, aws.ec2.RouteTable[]>();
    for (const [tier, subnets] of this.subnets) {
      subnets.forEach((subnet, i) => {
        const az = d.availabilityZones[i];
        const table = new aws.ec2.RouteTable(`${name}-${tier}-${az}-routes`, { vpcId: this.vpc.id }, parent);
        tables.set(tier, [...(tables.get(tier) ?? []), table]);
        new aws.ec2.RouteTableAssociation(`${name}-${tier}-${az}-routes`, { subnetId: subnet.id, routeTableId: table.id }, parent);
        if (tier === 'public') {
          new aws.ec2.Route(`${name}-${tier}-${az}-default`, { routeTableId: table.id, destinationCidrBlock: '0.0.0.0/0', gatewayId: igw.id }, parent);
        } else if (tier === 'private') {
          // per-az: each AZ's own NAT gateway; single: the one.
          const nat = nats[Math.min(i, nats.length - 1)];
          new aws.ec2.Route(`${name}-${tier}-${az}-default`, { routeTableId: table.id, destinationCidrBlock: '0.0.0.0/0', natGatewayId: nat.id }, parent);
        }
      });
    }

    for (const e of d.gatewayEndpoints) {
      new aws.ec2.VpcEndpoint(
        `${name}-${e.service}-endpoint`,
        { vpcId: this.vpc.id, serviceName: `com.amazonaws.${args.region}.${e.service}`, vpcEndpointType: 'Gateway', routeTableIds: e.tiers.flatMap((tier) => (tables.get(tier) ?? []).map((t) => t.id)) },
        parent,
      );
    }
    if (d.endpointSecurityGroup) {
      const g = d.endpointSecurityGroup;
      // The design's rule only; egress [] removes AWS's allow-all rule (an endpoint opens no connection).
      const sg = new aws.ec2.SecurityGroup(
        `${name}-endpoint-sg`,
        { vpcId: this.vpc.id, description: g.description, ingress: [{ protocol: g.ingress.protocol, fromPort: g.ingress.port, toPort: g.ingress.port, cidrBlocks: [g.ingress.cidr], description: g.ingress.description }], egress: [] },
        parent,
      );
      for (const e of d.interfaceEndpoints) {
        new aws.ec2.VpcEndpoint(
          `${name}-${e.service.replace(/\./g, '-')}-endpoint`,
          {
            vpcId: this.vpc.id,
            serviceName: `com.amazonaws.${args.region}.${e.service}`,
            vpcEndpointType: 'Interface',
            subnetIds: (this.subnets.get(e.subnets) ?? []).map((s) => s.id),
            securityGroupIds: [sg.id],
            privateDnsEnabled: e.privateDns,
          },
          parent,
        );
      }
    }
    if (d.vpn) {
      const v = d.vpn;
      const cg = v.customerGateway;
      const customerGateway = new aws.ec2.CustomerGateway(
        `${name}-customer-gateway`,
        { type: cg.type, ipAddress: cg.ipAddress, ...(cg.bgpAsnExtended ? { bgpAsnExtended: String(cg.bgpAsn) } : { bgpAsn: String(cg.bgpAsn) }) },
        parent,
      );
      // Given the VPC, the gateway is attached to it.
      const gateway = new aws.ec2.VpnGateway(`${name}-vpn-gateway`, { vpcId: this.vpc.id, amazonSideAsn: String(v.gateway.amazonSideAsn) }, parent);
      const connection = new aws.ec2.VpnConnection(
        `${name}-vpn`,
        { type: v.connection.type, customerGatewayId: customerGateway.id, vpnGatewayId: gateway.id, staticRoutesOnly: v.connection.staticRoutesOnly },
        parent,
      );
      for (const cidr of v.routes) {
        new aws.ec2.VpnConnectionRoute(`${name}-vpn-route-${cidr.replace(/[./]/g, '-')}`, { destinationCidrBlock: cidr, vpnConnectionId: connection.id }, parent);
      }
      for (const tier of v.propagation) {
        (tables.get(tier) ?? []).forEach((table, i) => {
          new aws.ec2.VpnGatewayRoutePropagation(`${name}-vpn-propagation-${tier}-${d.availabilityZones[i]}`, { vpnGatewayId: gateway.id, routeTableId: table.id }, parent);
        });
      }
    }
    if (d.flowLogs) {
      const logGroup = createLogGroup(`${name}-flow-logs`, { days: d.flowLogs.retentionDays, key: args.key }, parent);
      const role = new aws.iam.Role(`${name}-flow-logs-role`, { assumeRolePolicy: assumeRolePolicy('vpc-flow-logs.amazonaws.com') }, parent);
      new aws.iam.RolePolicy(
        `${name}-flow-logs-policy`,
        {
          role: role.id,
          policy: logGroup.arn.apply((arn) =>
            JSON.stringify({
              Version: '2012-10-17',
              Statement: [{ Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:DescribeLogStreams', 'logs:PutLogEvents'], Resource: arn }],
            }),
          ),
        },
        parent,
      );
      new aws.ec2.FlowLog(
        `${name}-flow-log`,
        { vpcId: this.vpc.id, trafficType: d.flowLogs.trafficType, logDestinationType: 'cloud-watch-logs', logDestination: logGroup.arn, iamRoleArn: role.arn },
        parent,
      );
    }
    this.registerOutputs({ vpcId: this.vpc.id });
  }
}
