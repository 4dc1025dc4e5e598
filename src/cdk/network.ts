import { aws_ec2 as ec2 } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { NetworkDesign, SubnetTier } from '../design';
import { createLogGroup } from './retention';

export const SUBNET_TYPE: Record<SubnetTier, ec2.SubnetType> = {
  public: ec2.SubnetType.PUBLIC,
  private: ec2.SubnetType.PRIVATE_WITH_EGRESS,
  isolated: ec2.SubnetType.PRIVATE_ISOLATED,
};

/** The VPC: subnet tiers, NAT gateways and flow logs exactly as designed. */
export class Network extends Construct {
  readonly vpc: ec2.Vpc;

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
