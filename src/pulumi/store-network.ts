import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import * as random from '@pulumi/random';
import type { CacheDesign, DatabaseDesign } from '../design';

/** A task or function whose security group a store may admit: a service's, a scheduled job's or a function's. */
export interface StoreClient {
  kind: 'service' | 'job' | 'function';
  securityGroup: aws.ec2.SecurityGroup;
}

/**
 * A database's or cache's security group: nothing in but what admitClients adds (one rule per
 * client, separate resources as for services), nothing out (egress [] removes AWS's allow-all rule).
 */
export function storeSecurityGroup(prefix: string, d: DatabaseDesign | CacheDesign, vpcId: pulumi.Input<string>, opts: pulumi.CustomResourceOptions): aws.ec2.SecurityGroup {
  return new aws.ec2.SecurityGroup(
    `${prefix}-sg`,
    { vpcId, description: `${d.kind === 'database' ? 'Database' : 'Cache'} ${d.key}`, egress: [], tags: d.tags },
    opts,
  );
}

/** One ingress rule on the store's port from each client the design names, named by the client's key. */
export function admitClients(
  prefix: string,
  d: DatabaseDesign | CacheDesign,
  securityGroup: aws.ec2.SecurityGroup,
  clients: ReadonlyMap<string, StoreClient>,
  opts: pulumi.CustomResourceOptions,
): void {
  for (const key of d.clients) {
    const client = clients.get(key);
    if (!client) throw new Error(`${d.kind} ${d.key}: client ${key} has no security group`);
    new aws.vpc.SecurityGroupIngressRule(
      `${prefix}-ingress-from-${key}`,
      {
        securityGroupId: securityGroup.id,
        referencedSecurityGroupId: client.securityGroup.id,
        ipProtocol: 'tcp',
        fromPort: d.port,
        toPort: d.port,
        description: `From ${client.kind === 'job' ? 'scheduled job' : client.kind} ${key}`,
        tags: d.tags,
      },
      opts,
    );
  }
}

/**
 * The name of a store's final snapshot: the key plus a random suffix kept in
 * the stack's state (RandomId), so two stacks of one project (dev, prod) in
 * one account never collide on it. CloudFormation names its Snapshot-policy
 * snapshots itself.
 */
export function finalSnapshotName(prefix: string, parent: pulumi.ResourceOptions): pulumi.Output<string> {
  const suffix = new random.RandomId(`${prefix}-final-suffix`, { byteLength: 4 }, parent);
  return pulumi.interpolate`${prefix}-final-${suffix.hex}`;
}
