import { aws_ec2 as ec2 } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { NetworkDesign, SubnetTier, VpnDesign } from '../design';
import { createLogGroup } from './retention';

export const SUBNET_TYPE: Record<SubnetTier, ec2.SubnetType> = {
  public: ec2.SubnetType.PUBLIC,
  private: ec2.SubnetType.PRIVATE_WITH_EGRESS,
  isolated: ec2.SubnetType.PRIVATE_ISOLATED,
};

/** The VPC: subnet tiers, NAT gateways and flow logs exactly as designed. */
export class Network extends Construct {
  readonly vpc: ec2.Vpc;
  /** The interface endpoints' one security group, when there are any. */
  readonly endpointSecurityGroup?: ec2.SecurityGroup;

  constructor(scope: Construct, id: string, props: { design: NetworkDesign }) {
    super(scope, id);
    const d = props.design;
    this.vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr(d.cidr),
      availabilityZones: d.availabilityZones,
      natGateways: d.natGateways,
      subnetConfiguration: d.subnets.map((s) => ({ name: s.tier, subnetType: SUBNET_TYPE[s.tier], cidrMask: s.cidrMask, ...(s.tier === 'public' ? { mapPublicIpOnLaunch: d.mapPublicIpOnLaunch } : {}) })),
    });
    for (const e of d.gatewayEndpoints) {
      this.vpc.addGatewayEndpoint(GATEWAY_ENDPOINT_ID[e.service], { service: GATEWAY_SERVICE[e.service], subnets: e.tiers.map((tier) => ({ subnetType: SUBNET_TYPE[tier] })) });
    }
    if (d.endpointSecurityGroup) {
      const sg = d.endpointSecurityGroup;
      this.endpointSecurityGroup = new ec2.SecurityGroup(this, 'EndpointSecurityGroup', { vpc: this.vpc, description: sg.description, allowAllOutbound: false });
      this.endpointSecurityGroup.addIngressRule(ec2.Peer.ipv4(sg.ingress.cidr), ec2.Port.tcp(sg.ingress.port), sg.ingress.description);
      for (const e of d.interfaceEndpoints) {
        // Named by the service (Endpoint-ecr-api), never by position. The design's rule is the group's only one (open: false).
        new ec2.InterfaceVpcEndpoint(this, `Endpoint-${e.service.replace(/\./g, '-')}`, {
          vpc: this.vpc,
          service: new ec2.InterfaceVpcEndpointAwsService(e.service),
          subnets: { subnetType: SUBNET_TYPE[e.subnets] },
          privateDnsEnabled: e.privateDns,
          securityGroups: [this.endpointSecurityGroup],
          open: false,
        });
      }
    }
    if (d.vpn) new Vpn(this, 'Vpn', { design: d.vpn, vpc: this.vpc });
    if (d.flowLogs) {
      const logGroup = createLogGroup(this, 'FlowLogs', d.flowLogs.retentionDays);
      this.vpc.addFlowLog('FlowLog', {
        destination: ec2.FlowLogDestination.toCloudWatchLogs(logGroup),
        trafficType: ec2.FlowLogTrafficType[d.flowLogs.trafficType],
      });
    }
  }
}

const GATEWAY_SERVICE = { s3: ec2.GatewayVpcEndpointAwsService.S3, dynamodb: ec2.GatewayVpcEndpointAwsService.DYNAMODB } as const;
const GATEWAY_ENDPOINT_ID = { s3: 'S3Endpoint', dynamodb: 'DynamoDbEndpoint' } as const;

/**
 * network.vpn: the customer gateway, the virtual private gateway and its attachment to the VPC, the VPN
 * connection (tunnel options left to AWS), one route per on-premises block, and the gateway's routes
 * propagated into the route tables of the design's tiers (once the gateway is attached).
 */
class Vpn extends Construct {
  constructor(scope: Construct, id: string, props: { design: VpnDesign; vpc: ec2.Vpc }) {
    super(scope, id);
    const d = props.design;
    const cg = d.customerGateway;
    const customerGateway = new ec2.CfnCustomerGateway(this, 'CustomerGateway', {
      type: cg.type,
      ipAddress: cg.ipAddress,
      ...(cg.bgpAsnExtended ? { bgpAsnExtended: cg.bgpAsn } : { bgpAsn: cg.bgpAsn }),
    });
    const gateway = new ec2.CfnVPNGateway(this, 'Gateway', { type: d.gateway.type, amazonSideAsn: d.gateway.amazonSideAsn });
    const attachment = new ec2.CfnVPCGatewayAttachment(this, 'Attachment', { vpcId: props.vpc.vpcId, vpnGatewayId: gateway.ref });
    const connection = new ec2.CfnVPNConnection(this, 'Connection', {
      type: d.connection.type,
      customerGatewayId: customerGateway.ref,
      vpnGatewayId: gateway.ref,
      staticRoutesOnly: d.connection.staticRoutesOnly,
    });
    for (const cidr of d.routes) {
      // Named by the block (Route-192-168-0-0-16), never by position.
      new ec2.CfnVPNConnectionRoute(this, `Route-${cidr.replace(/[./]/g, '-')}`, { destinationCidrBlock: cidr, vpnConnectionId: connection.ref });
    }
    const routeTableIds = d.propagation.flatMap((tier) => props.vpc.selectSubnets({ subnetType: SUBNET_TYPE[tier] }).subnets.map((s) => s.routeTable.routeTableId));
    const propagation = new ec2.CfnVPNGatewayRoutePropagation(this, 'RoutePropagation', { routeTableIds, vpnGatewayId: gateway.ref });
    // A gateway propagates routes only once it is attached to the VPC.
    propagation.node.addDependency(attachment);
  }
}
