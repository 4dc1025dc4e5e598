import type * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import type { Design, DnsTarget, StandbyDesign } from '../design';
import { Dns, type AliasTarget } from './dns';
import { AccessLogBucket } from './access-logs';
import { Audit } from './audit';
import { Backup } from './backup';
import { Compute } from './compute';
import { Cost } from './cost';
import { Data } from './data';
import { Apis } from './apis';
import { fail } from '../fail';
import { Functions } from './functions';
import { GraphqlApis } from './graphql';
import { RestApis } from './rest-apis';
import { Jobs } from './jobs';
import { StackKey } from './key';
import { LoadBalancing } from './load-balancing';
import { Network } from './network';
import { Observability } from './observability';
import { Scaling } from './scaling';
import { Security } from './security';
import { Sites } from './sites';
import type { StoreClient } from './store-network';
import { UserPools } from './user-pools';

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

  /**
   * recoveryProvider: the secondary region's, when anything lives there (design.resilience.secondary).
   * primary: for a standby (a StandbyDesign), the primary's stack, whose replicas and global databases its data is.
   */
  constructor(name: string, args: { design: Design; recoveryProvider?: aws.Provider; primary?: BlueprintStack }, opts?: pulumi.ComponentResourceOptions) {
    // A standby names the stack it stands by for (the parity reader tells the two apart by it).
    super('blueprint:index:Stack', name, args.design.standby === undefined && 'standbyOf' in args.design ? { standbyOf: (args.design as StandbyDesign).standbyOf.name } : {}, opts);
    const d = args.design;
    const parent = { parent: this };
    // The stack's customer-managed key, first: log groups, stores, secrets and the trail encrypt with it.
    const key = d.security.key && new StackKey(d.name, { design: d.security.key, region: d.region }, parent).arn;
    this.network = new Network(d.name, { design: d.network, region: d.region, key }, parent);
    const vpcId = this.network.vpc.id;
    // The access-log buckets: the stack's, and the secondary region's for the replicas (its policy is written once every source is known).
    const accessLogs = d.accessLogs && new AccessLogBucket(d.name, d.accessLogs, parent);
    const drLogs = d.resilience.secondary?.accessLogs;
    const recoveryAccessLogs = drLogs && new AccessLogBucket(`${d.name}-dr`, drLogs, { parent: this, provider: args.recoveryProvider });
    if (d.loadBalancer) {
      const subnetIds = (this.network.subnets.get(d.loadBalancer.subnets) ?? []).map((s) => s.id);
      this.loadBalancing = new LoadBalancing(d.name, { design: d.loadBalancer, services: d.services, vpcId, subnetIds, accessLogs }, parent);
    }
    // Only a blueprint with data stores has a Data component (an empty one would still register).
    this.data = d.stores.length
      ? new Data(d.name, { region: d.region, stores: d.stores, vpcId, subnets: this.network.subnets, recoveryProvider: args.recoveryProvider, primary: args.primary?.data, accessLogs, recoveryAccessLogs, key }, parent)
      : undefined;
    // Before the access-log bucket's policy: the audit-log bucket logs into it.
    if (d.audit) new Audit(d.name, { region: d.region, design: d.audit, accessLogs, key }, parent);
    if (d.budget) new Cost(d.name, { design: d.budget }, parent);
    // Before the access-log bucket's policy: each site's bucket logs into it.
    const sites = d.siteWebAcl ? new Sites(d.name, { sites: d.sites ?? [], webAcl: d.siteWebAcl, accessLogs }, parent) : undefined;
    // The distribution in front of the load balancer, beside the sites' (it names the same web ACL).
    const lbCdn = d.loadBalancer?.cdn;
    if (lbCdn && this.loadBalancing) sites?.frontLoadBalancer(d.name, lbCdn, this.loadBalancing.alb, this.loadBalancing.certificateArn ?? fail('the load balancer has a CDN but no certificate'));
    accessLogs?.finish();
    recoveryAccessLogs?.finish();
    this.compute = new Compute(
      d.name,
      {
        region: d.region,
        namespace: d.serviceConnectNamespace,
        containerInsights: d.observability.containerInsights,
        capacityProviders: d.capacityProviders,
        services: d.services,
        vpcId,
        subnets: this.network.subnets,
        loadBalancing: this.loadBalancing,
        stores: this.data?.stores ?? new Map(),
        key,
      },
      parent,
    );
    const jobs = d.jobs.length
      ? new Jobs(
          d.name,
          { region: d.region, jobs: d.jobs, clusterArn: this.compute.cluster.arn, vpcId, subnets: this.network.subnets, stores: this.data?.stores ?? new Map(), key },
          parent,
        )
      : undefined;
    const functions = d.functions.length
      ? new Functions(d.name, { functions: d.functions, vpcId, subnets: this.network.subnets, stores: this.data?.stores ?? new Map(), scheduleGroup: jobs?.scheduleGroup, key }, parent)
      : undefined;
    const apis = d.apis.length ? new Apis(d.name, { region: d.region, apis: d.apis, functions: functions?.invokeArns ?? new Map(), key, vpcId: this.network.vpc.id, subnets: this.network.subnets, loadBalancing: this.loadBalancing }, parent) : undefined;
    // The distributions in front of HTTP APIs, beside the sites' (they name the same web ACL).
    if (sites && apis) sites.frontApis(d.name, d.region, d.apis.map((a) => ({ design: a, id: apis.ids.get(a.key)! })));
    // The user pools first: the GraphQL APIs accept their clients' tokens.
    const userPools = d.userPools.length ? new UserPools(d.name, { userPools: d.userPools }, parent) : undefined;
    const graphqlApis = d.graphqlApis.length
      ? new GraphqlApis(d.name, { region: d.region, graphqlApis: d.graphqlApis, functions: functions?.invokeArns ?? new Map(), stores: this.data?.stores ?? new Map(), userPools, key }, parent)
      : undefined;
    const restApis = d.restApis.length
      ? new RestApis(d.name, { region: d.region, apis: d.restApis, account: d.restApiAccount ?? fail("REST APIs without the account's CloudWatch role"), functions: functions?.invokeArns ?? new Map(), userPools, key }, parent)
      : undefined;
    // The web ACL in front of the load balancer, the GraphQL APIs and the REST APIs' stages (or the APIs alone, without a load balancer).
    if (d.webAcl) new Security(d.name, { design: d.webAcl, loadBalancerArn: this.loadBalancing?.alb.arn, graphqlApiArns: graphqlApis?.arns, restApiStageArns: restApis?.stageArns, key }, parent);
    if (d.dns) {
      const targets = (t: DnsTarget): AliasTarget => {
        if (t.kind === 'api-distribution') {
          const distribution = sites?.apiDistributions.get(t.api) ?? fail(`a DNS record points at API ${t.api}'s distribution, which is not rendered`);
          return { dnsName: distribution.domainName, hostedZoneId: t.hostedZoneId };
        }
        if (t.kind === 'load-balancer-distribution') {
          const distribution = sites?.loadBalancerDistribution ?? fail("a DNS record points at the load balancer's distribution, which is not rendered");
          return { dnsName: distribution.domainName, hostedZoneId: t.hostedZoneId };
        }
        if (t.kind === 'site') {
          const distribution = sites?.distributions.get(t.site) ?? fail(`a DNS record points at site ${t.site}, which is not rendered`);
          return { dnsName: distribution.domainName, hostedZoneId: t.hostedZoneId };
        }
        if (t.kind === 'api') return apis?.domains.get(t.api) ?? fail(`a DNS record points at API ${t.api}'s custom domain, which is not rendered`);
        if (t.kind === 'rest-api') return restApis?.domains.get(t.api) ?? fail(`a DNS record points at REST API ${t.api}'s custom domain, which is not rendered`);
        if (t.kind === 'graphql-api') return graphqlApis?.domains.get(t.api) ?? fail(`a DNS record points at GraphQL API ${t.api}'s custom domain, which is not rendered`);
        const alb = this.loadBalancing?.alb ?? fail('a DNS record points at the load balancer, but the stack has none');
        return { dnsName: alb.dnsName, hostedZoneId: alb.zoneId };
      };
      new Dns(d.name, { design: d.dns, targets }, parent);
    }
    // Databases and caches admit their clients, whose security groups exist only now.
    const clients = new Map<string, StoreClient>([
      ...[...this.compute.securityGroups].map(([key, securityGroup]) => [key, { kind: 'service', securityGroup }] as const),
      ...[...(jobs?.securityGroups ?? [])].map(([key, securityGroup]) => [key, { kind: 'job', securityGroup }] as const),
      ...[...(functions?.securityGroups ?? [])].map(([key, securityGroup]) => [key, { kind: 'function', securityGroup }] as const),
    ]);
    this.data?.admitClients(clients);
    if (d.resilience.backup) {
      const storeArns = new Map([...(this.data?.stores ?? [])].map(([key, s]) => [key, s.arn]));
      new Backup(d.name, { design: d.resilience.backup, storeArns, recoveryProvider: args.recoveryProvider }, parent);
    }
    const targetGroups = this.loadBalancing?.targetGroups ?? new Map();
    const jobTargets = jobs && { scheduleGroup: jobs.scheduleGroup.name, failedRunRules: new Map([...jobs.failedRunRules].map(([k, rule]) => [k, rule.name])) };
    const targets = { loadBalancer: this.loadBalancing?.alb, targetGroups, cluster: this.compute.cluster, services: this.compute.services, stores: this.data?.stores ?? new Map(), jobs: jobTargets, functions: functions?.metricTargets, apis: apis?.ids, graphqlApis: graphqlApis?.ids, restApis: new Map(d.restApis.map((a) => [a.key, { name: a.name, stage: a.stage.name }])) };
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
    this.observability = new Observability(d.name, { region: d.region, design: d.observability, targets, key }, parent);
    this.registerOutputs({});
  }
}
