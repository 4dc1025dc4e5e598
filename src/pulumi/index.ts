/*
 * Entry point of the Pulumi program (Pulumi.yaml `main`). Choose the blueprint
 * with `pulumi config set blueprint:file PATH`; the region comes from it.
 */
import { blueprintProgram } from './program';

const { stack, design } = blueprintProgram();

export const blueprint = design.name;
export const region = design.region;
export const vpcId = stack.network.vpc.id;
export const loadBalancerDnsName = stack.loadBalancing?.alb.dnsName;
export const alarmTopicArn = stack.observability.topic.arn;
