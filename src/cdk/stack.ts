import { Aws, DefaultStackSynthesizer, Stack, Tags, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { Design, DnsTarget } from '../design';
import { Dns, type AliasTarget } from './dns';
import { fail } from '../fail';
import { acknowledgeFindings } from './acknowledgements';
import { AccessLogs } from './access-logs';
import { Audit } from './audit';
import { Backup } from './backup';
import { Compute } from './compute';
import { Cost } from './cost';
import { Data, storeArn } from './data';
import { Apis } from './apis';
import { GraphqlApis } from './graphql';
import { RestApis } from './rest-apis';
import { UserPools } from './user-pools';
import { Functions } from './functions';
import { Jobs } from './jobs';
import { LoadBalancing } from './load-balancing';
import { Network } from './network';
import { Observability } from './observability';
import { Scaling } from './scaling';
import { UNTAGGED_TYPES } from './tags';
import { Security } from './security';
import { Sites } from './sites';
import { StackKey } from './key';


export interface BlueprintStackProps extends StackProps {
  /** The design to render: `design(loadBlueprint(file).blueprint)`. */
  design: Design;
  /** Acknowledge the rule-pack findings the design accepts (design.acknowledgements); default true. False shows every finding, for review. */
  acknowledgeFindings?: boolean;
}

/**
 * A blueprint's infrastructure as one CDK stack: one construct per concern,
 * each rendering its part of the design. Import it into your own CDK app:
 *
 *   new BlueprintStack(app, 'shop', { design: design(loadBlueprint('shop.yaml').blueprint) })
 */
export class BlueprintStack extends Stack {
  readonly network: Network;
  readonly loadBalancing?: LoadBalancing;
  readonly data: Data;
  readonly compute: Compute;
  readonly jobs?: Jobs;
  readonly functions?: Functions;
  readonly apis?: Apis;
  readonly userPools?: UserPools;
  readonly graphqlApis?: GraphqlApis;
  readonly restApis?: RestApis;
  readonly observability: Observability;
  /** The stack's access-log bucket, when it has a load balancer or creates a bucket. */
  readonly accessLogs?: AccessLogs;
  /** security.audit: the trail, detector, hub and recorder the blueprint switches on. */
  readonly audit?: Audit;
  /** The web ACL in front of the load balancer and the GraphQL APIs. */
  security?: Security;
  /** Static sites: their buckets, distributions and web ACL. */
  readonly sites?: Sites;

  /** What a DNS record or health check points at, as it is rendered in this stack. */
  private aliasTarget(t: DnsTarget): AliasTarget {
    if (t.kind === 'load-balancer') {
      const alb = this.loadBalancing?.alb ?? fail('a DNS record points at the load balancer, but the stack has none');
      return { dnsName: alb.loadBalancerDnsName, hostedZoneId: alb.loadBalancerCanonicalHostedZoneId };
    }
    if (t.kind === 'api-distribution') {
      const distribution = this.sites?.apiDistributions.get(t.api) ?? fail(`a DNS record points at API ${t.api}'s distribution, which is not rendered`);
      return { dnsName: distribution.distributionDomainName, hostedZoneId: t.hostedZoneId };
    }
    if (t.kind === 'load-balancer-distribution') {
      const distribution = this.sites?.loadBalancerDistribution ?? fail("a DNS record points at the load balancer's distribution, which is not rendered");
      return { dnsName: distribution.distributionDomainName, hostedZoneId: t.hostedZoneId };
    }
    if (t.kind === 'site') {
      const distribution = this.sites?.sites.get(t.site)?.distribution ?? fail(`a DNS record points at site ${t.site}, which is not rendered`);
      return { dnsName: distribution.distributionDomainName, hostedZoneId: t.hostedZoneId };
    }
    if (t.kind === 'rest-api') {
      const domain = this.restApis?.apis.get(t.api)?.domain ?? fail(`a DNS record points at REST API ${t.api}'s custom domain, which is not rendered`);
      return { dnsName: domain.attrRegionalDomainName, hostedZoneId: domain.attrRegionalHostedZoneId };
    }
    if (t.kind === 'graphql-api') {
      const domain = this.graphqlApis?.apis.get(t.api)?.domain ?? fail(`a DNS record points at GraphQL API ${t.api}'s custom domain, which is not rendered`);
      return { dnsName: domain.attrAppSyncDomainName, hostedZoneId: domain.attrHostedZoneId };
    }
    const domain = this.apis?.apis.get(t.api)?.domain ?? fail(`a DNS record points at API ${t.api}'s custom domain, which is not rendered`);
    return { dnsName: domain.attrRegionalDomainName, hostedZoneId: domain.attrRegionalHostedZoneId };
  }

  constructor(scope: Construct, id: string, props: BlueprintStackProps) {
    const d = props.design;
    super(scope, id, {
      description: d.description ? `${d.description} (Blueprint ${d.name})` : `Blueprint ${d.name}`,
      // The region comes from the blueprint; the account stays generic so synth never looks anything up.
      env: { region: d.region, ...props.env },
      synthesizer: props.synthesizer ?? new DefaultStackSynthesizer({ generateBootstrapVersionRule: false }),
      ...props,
    });
    // First: every construct that encrypts with the stack's key finds it (stackKey).
    if (d.security.key) new StackKey(this, d.security.key);
    this.network = new Network(this, 'Network', { design: d.network });
    const vpc = this.network.vpc;
    const accessLogs = (this.accessLogs = d.accessLogs && new AccessLogs(this, 'AccessLogs', { design: d.accessLogs }));
    if (d.loadBalancer) {
      this.loadBalancing = new LoadBalancing(this, 'LoadBalancing', { design: d.loadBalancer, services: d.services, vpc, accessLogs });
      if (d.webAcl) this.security = new Security(this, 'Security', { design: d.webAcl, ...(d.webAcl.protects === 'load-balancer' ? { loadBalancerArn: this.loadBalancing.alb.loadBalancerArn } : {}) });
    }
    // Stores before compute: services get access to them and their connection details.
    this.data = new Data(this, 'Data', { stores: d.stores, vpc, accessLogs });
    this.compute = new Compute(this, 'Compute', {
      containerInsights: d.observability.containerInsights,
      capacityProviders: d.capacityProviders,
      namespace: d.serviceConnectNamespace,
      services: d.services,
      vpc,
      loadBalancing: this.loadBalancing,
      stores: this.data.stores,
    });
    if (d.jobs.length) {
      this.jobs = new Jobs(this, 'Jobs', { jobs: d.jobs, vpc, cluster: this.compute.cluster, stores: this.data.stores });
    }
    if (d.functions.length) {
      this.functions = new Functions(this, 'Functions', { functions: d.functions, vpc, stores: this.data.stores, scheduleGroup: this.jobs?.scheduleGroup });
    }
    if (d.apis.length) this.apis = new Apis(this, 'Apis', { apis: d.apis, functions: this.functions?.functions ?? new Map(), vpc, loadBalancing: this.loadBalancing });
    if (d.userPools.length) this.userPools = new UserPools(this, 'UserPools', { pools: d.userPools });
    if (d.graphqlApis.length) {
      this.graphqlApis = new GraphqlApis(this, 'GraphqlApis', { apis: d.graphqlApis, functions: this.functions?.functions ?? new Map(), stores: this.data.stores, userPools: this.userPools });
      // The GraphQL APIs' web ACL: the load balancer's, or one for the APIs alone.
      if (d.webAcl) this.security ??= new Security(this, 'Security', { design: d.webAcl });
      for (const key of d.webAcl?.graphqlApis ?? []) this.security!.protect(`Association-${key}`, (this.graphqlApis.apis.get(key) ?? fail(`the web ACL protects GraphQL API ${key}, which is not rendered`)).api.attrArn);
    }
    if (d.restApis.length) {
      this.restApis = new RestApis(this, 'RestApis', { apis: d.restApis, account: d.restApiAccount ?? fail('REST APIs without the account\'s CloudWatch role'), functions: this.functions?.functions ?? new Map(), userPools: this.userPools });
      // Each stage behind the regional web ACL (the load balancer's, or one for the APIs alone).
      if (d.webAcl) this.security ??= new Security(this, 'Security', { design: d.webAcl });
      for (const key of d.webAcl?.restApis ?? []) {
        const { api, stage } = this.restApis.apis.get(key) ?? fail(`the web ACL protects REST API ${key}, which is not rendered`);
        this.security!.protect(`Association-rest-${key}`, `arn:${Aws.PARTITION}:apigateway:${this.region}::/restapis/${api.ref}/stages/${stage.ref}`);
      }
    }
    // Databases and caches admit their clients once both security groups exist; a service, job or function
    // starts its first task or invocation only once it may connect.
    const ingress = this.data.admitClients(new Map([...this.compute.securityGroups, ...(this.jobs?.securityGroups ?? []), ...(this.functions?.securityGroups ?? [])]));
    for (const [client, rules] of ingress) {
      const starter = this.compute.services.get(client) ?? this.jobs?.schedules.get(client) ?? this.functions?.functions.get(client)?.trigger;
      if (!starter) throw new Error(`store client ${client} is neither a service, a job nor a function`);
      for (const rule of rules) starter.node.addDependency(rule);
    }
    let backup: Backup | undefined;
    if (d.resilience.backup) {
      const storeArns = new Map(d.resilience.backup.stores.map((key) => [key, storeArn(this.data.stores.get(key)!)]));
      backup = new Backup(this, 'Backup', { design: d.resilience.backup, storeArns });
    }
    const targetGroups = this.loadBalancing?.targetGroups ?? new Map();
    const jobs = this.jobs && { scheduleGroup: this.jobs.scheduleGroup.ref, failedRunRules: new Map([...this.jobs.failedRunRules].map(([k, rule]) => [k, rule.ref])) };
    const functions = this.functions && new Map([...this.functions.functions].map(([k, f]) => [k, { name: f.function.ref, deadLetterName: f.deadLetter.queueName }]));
    const apis = this.apis && new Map([...this.apis.apis].map(([k, a]) => [k, a.api.ref]));
    const graphqlApis = this.graphqlApis && new Map([...this.graphqlApis.apis].map(([k, a]) => [k, a.api.attrApiId]));
    const restApis = new Map(d.restApis.map((a) => [a.key, { name: a.name, stage: a.stage.name }]));
    const targets = { loadBalancer: this.loadBalancing?.alb, targetGroups, cluster: this.compute.cluster, services: this.compute.services, stores: this.data.stores, jobs, functions, apis, graphqlApis, restApis };
    new Scaling(this, 'Scaling', {
      services: d.services,
      cluster: this.compute.cluster,
      fargate: this.compute.services,
      targetGroups,
      loadBalancerFullName: this.loadBalancing?.alb.loadBalancerFullName,
      metricTargets: targets,
    });
    this.observability = new Observability(this, 'Observability', { name: d.name, design: d.observability, targets });
    const loadBalancer = d.loadBalancer && this.loadBalancing && { design: d.loadBalancer, alb: this.loadBalancing.alb, certificate: this.loadBalancing.certificate };
    if (d.siteWebAcl) this.sites = new Sites(this, 'Sites', { sites: d.sites ?? [], webAcl: d.siteWebAcl, accessLogs, apis: d.apis.map((a) => ({ design: a, api: this.apis!.apis.get(a.key)!.api })), loadBalancer });
    // After every entry point it names.
    if (d.dns) new Dns(this, 'Dns', { design: d.dns, targets: (t) => this.aliasTarget(t) });
    if (d.audit) this.audit = new Audit(this, 'Audit', { design: d.audit, accessLogs });
    if (d.budget) new Cost(this, 'Cost', { design: d.budget });
    for (const [k, v] of Object.entries(d.tags)) Tags.of(this).add(k, v, { excludeResourceTypes: UNTAGGED_TYPES });
    // Last: the constructs the design's accepted findings name all exist now.
    if (props.acknowledgeFindings !== false) acknowledgeFindings(this, d.acknowledgements, { stack: 'own', network: this.network, accessLogs: this.accessLogs, loadBalancing: this.loadBalancing, compute: this.compute, jobs: this.jobs, functions: this.functions, apis: this.apis, graphqlApis: this.graphqlApis, restApis: this.restApis, userPools: this.userPools, sites: this.sites, data: this.data, backup, audit: this.audit });
  }
}
