import type { Blueprint } from '../schema';
import { byText } from '../text';
import { designServices } from './compute';
import { designStores } from './data';
import { designJobs } from './jobs';
import { designFunctions } from './functions';
import { designApis } from './apis';
import { designGraphqlApis } from './graphql';
import { designRestApis } from './rest-apis';
import { designDns } from './dns';
import { DecisionLog } from './decisions';
import { designLoadBalancer } from './load-balancing';
import { designNetwork } from './network';
import { designResilience } from './resilience';
import { withAccessLogs } from './access-logs';
import { designStandby } from './standby';
import { designAudit } from './audit';
import { designWebAcl } from './waf';
import { designSites } from './sites';
import { designLogRetention, designObservability } from './observability';
import { designSecurity } from './compliance';
import { designBudget, designSpotWorkers } from './cost';
import type { Design, JobDesign, StoreDesign } from './types';
import type { FunctionDesign } from './functions';

export type * from './types';
export type { FunctionDesign, FunctionQueueTrigger, FunctionRuntime } from './functions';
export type { ApiAuth, ApiDesign, ApiRouteDesign } from './apis';
export type { GraphqlApiDesign, GraphqlDataSourceDesign, GraphqlResolverDesign } from './graphql';
export type { UserPoolDesign } from './user-pools';
export type { RestApiAccountDesign, RestApiDesign, RestMethodDesign, UsagePlanDesign } from './rest-apis';
export type { DnsDesign, DnsRecordDesign, DnsTarget, HealthCheckDesign, ZoneRef } from './dns';
export type { Decision, Recommendation } from './decisions';
export type { Sizing, SizingKey } from './sizing';

/**
 * What a standby (standby.ts) changes in its stores and jobs before anything is designed from them
 * (backups, alarms, access logs): its replicas and secondary clusters, its disabled schedules.
 */
export interface DesignAdaptation {
  stores?: (stores: StoreDesign[]) => StoreDesign[];
  jobs?: (jobs: JobDesign[]) => JobDesign[];
  functions?: (functions: FunctionDesign[]) => FunctionDesign[];
}

const same = <T>(x: T): T => x;

/**
 * Requirements become decisions: the one place where Blueprint decides
 * anything. Both renderers, `plan` and (later) cost and parity read this.
 */
export function design(bp: Blueprint, adapt: DesignAdaptation = {}): Design {
  const log = new DecisionLog();
  const security = designSecurity(bp, log);
  const logRetentionDays = designLogRetention(bp, log, security);
  const network = designNetwork(bp, log, logRetentionDays, security);
  const loadBalancer = designLoadBalancer(bp, log, security);
  const { services, capacityProviders } = designSpotWorkers(bp, designServices(bp, network.availabilityZones.length, logRetentionDays, log, security), log);
  const stores = (adapt.stores ?? same)(designStores(bp, log, security));
  const jobs = (adapt.jobs ?? same)(designJobs(bp, logRetentionDays, log, security));
  const functions = (adapt.functions ?? same)(designFunctions(bp, logRetentionDays, log, security));
  const { sites, webAcl: siteWebAcl } = designSites(bp, log, security, logRetentionDays, loadBalancer);
  const timeoutOf = (fn: string) => functions.find((f) => f.key === fn)?.timeoutSeconds ?? 30;
  const apis = designApis(bp, logRetentionDays, timeoutOf, log);
  const { graphqlApis, userPools: graphqlPools } = designGraphqlApis(bp, logRetentionDays, log, security);
  const { restApis, userPools: restPools, restApiAccount } = designRestApis(bp, logRetentionDays, timeoutOf, log, security);
  const userPools = [...graphqlPools, ...restPools].sort((a, b) => byText(a.key, b.key));
  const webAcl = designWebAcl(bp, loadBalancer, graphqlApis, restApis, log, security, logRetentionDays);
  const dns = designDns(bp, loadBalancer, services, apis, sites, log, graphqlApis, restApis);
  const resilience = designResilience(bp, stores, log);
  const observability = designObservability(bp, loadBalancer, services, stores, jobs, functions, apis, graphqlApis, restApis, logRetentionDays, log);
  const audit = designAudit(bp, bp.requirements.regions.primary, logRetentionDays, log, security);
  const budget = designBudget(bp, log);
  const primary: Design = withAccessLogs({
    name: bp.name,
    description: bp.description,
    region: bp.requirements.regions.primary,
    tags: { blueprint: bp.name, ...(bp.deployment.tags ?? {}) },
    network,
    loadBalancer,
    ...(dns ? { dns } : {}),
    ...(webAcl ? { webAcl } : {}),
    serviceConnectNamespace: services.some((s) => s.serviceConnect) ? `${bp.name}.internal` : undefined,
    services,
    stores,
    jobs,
    functions,
    apis,
    graphqlApis,
    restApis,
    ...(restApiAccount ? { restApiAccount } : {}),
    userPools,
    ...(sites.length ? { sites } : {}),
    ...(siteWebAcl ? { siteWebAcl } : {}),
    resilience,
    observability,
    ...(audit ? { audit } : {}),
    security,
    ...(budget ? { budget } : {}),
    ...(capacityProviders ? { capacityProviders } : {}),
    decisions: log.decisions,
    recommendations: log.recommendations,
    acknowledgements: log.acknowledgements,
  }, log);
  const standby = designStandby(bp, primary, log, design);
  return standby ? { ...primary, standby } : primary;
}
