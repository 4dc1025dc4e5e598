import * as pulumi from '@pulumi/pulumi';
import type { Design } from '../design';
import { Compute } from './compute';
import { Data } from './data';
import { Jobs } from './jobs';
import { LoadBalancing } from './load-balancing';
import { Network } from './network';
import { Observability } from './observability';
import { Scaling } from './scaling';

/**
 * A blueprint's infrastructure as one Pulumi component: one component per
 * concern, each rendering its part of the design (mirrors src/cdk/stack.ts).
 */
export class BlueprintStack extends pulumi.ComponentResource {
  readonly network: Network;
  readonly loadBalancing?: LoadBalancing;
  readonly data?: Data;
  readonly compute: Compute;
  readonly observability: Observability;

  constructor(name: string, args: { design: Design }, opts?: pulumi.ComponentResourceOptions) {
    super('blueprint:index:Stack', name, {}, opts);
    const d = args.design;
    const parent = { parent: this };
    this.network = new Network(d.name, { design: d.network }, parent);
    const vpcId = this.network.vpc.id;
    if (d.loadBalancer) {
      const subnetIds = (this.network.subnets.get(d.loadBalancer.subnets) ?? []).map((s) => s.id);
      this.loadBalancing = new LoadBalancing(d.name, { design: d.loadBalancer, services: d.services, vpcId, subnetIds }, parent);
    }
    // Only a blueprint with data stores has a Data component (an empty one would still register).
    this.data = d.stores.length ? new Data(d.name, { stores: d.stores }, parent) : undefined;
    this.compute = new Compute(
      d.name,
      {
        region: d.region,
        namespace: d.serviceConnectNamespace,
        services: d.services,
        vpcId,
        subnets: this.network.subnets,
        loadBalancing: this.loadBalancing,
        stores: this.data?.stores ?? new Map(),
      },
      parent,
    );
    if (d.jobs.length) {
      new Jobs(
        d.name,
        { region: d.region, jobs: d.jobs, clusterArn: this.compute.cluster.arn, vpcId, subnets: this.network.subnets, stores: this.data?.stores ?? new Map() },
        parent,
      );
    }
    const targetGroups = this.loadBalancing?.targetGroups ?? new Map();
    const targets = { loadBalancer: this.loadBalancing?.alb, targetGroups, cluster: this.compute.cluster, services: this.compute.services, stores: this.data?.stores ?? new Map() };
    new Scaling(
      d.name,
      {
        services: d.services,
        clusterName: this.compute.cluster.name,
        fargate: this.compute.services,
        targetGroups,
        loadBalancerArnSuffix: this.loadBalancing?.alb.arnSuffix,
        metricTargets: targets,
      },
      parent,
    );
    this.observability = new Observability(d.name, { region: d.region, design: d.observability, targets }, parent);
    this.registerOutputs({});
  }
}
