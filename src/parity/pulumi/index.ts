/*
 * Reads the capability inventory back from the resources a Pulumi program
 * registered (a mock run). References arrive as resolved values (ids, ARNs,
 * names that the mocks derive from logical names), so each is looked up by
 * value and named by what it points at, as the CloudFormation reader does.
 * Each concern has its own reader; this module builds their shared context,
 * runs them in order and sorts the result. A standby (the BlueprintStack
 * component that names the stack it stands by for) is read as an inventory
 * of its own.
 */
import type { RegisteredResource } from '../../pulumi/mock-run';
import type { Inventory } from '../inventory';
import { sortInventory } from '../sort';
import { readApis } from './apis';
import { readDns } from './dns';
import { readAudit } from './audit';
import { readBackup } from './backup';
import { readCapacityProviders, readContainerInsights, readServices } from './compute';
import { readWebAcls } from './waf';
import { readSites } from './sites';
import { readBudget } from './budget';
import { readFunctions } from './functions';
import { readGraphqlApis, readUserPools } from './graphql';
import { readJobs } from './jobs';
import { readKey } from './key';
import { contextOf, type Context } from './context';
import { readStores } from './data';
import { readCaches, readDatabases } from './databases';
import { readLoadBalancers, readTargetGroups } from './load-balancing';
import { namesOf } from './names';
import { checkRestApiPartsUsed, readRestApiAccount, readRestApis } from './rest-apis';
import { readNetwork } from './network';
import { readAlarms, readDashboards, readLogGroups, readTopics } from './observability';
import { readTableScaling } from './scaling';
import { splitStandby, standbyImports } from './standby';

export { PULUMI_TYPES_NOT_IN_INVENTORY } from './resource-types';

export function inventoryFromPulumi(registered: RegisteredResource[]): Inventory {
  const { primary, standby } = splitStandby(registered);
  const ctx = contextOf(primary);
  const standbyInventory = standby ? read(contextOf(standby.resources, { provider: standby.provider, imports: standbyImports(ctx, standby.region) }), null) : null;
  return read(ctx, standbyInventory);
}

function read(ctx: Context, standby: Inventory | null): Inventory {
  const network = readNetwork(ctx);
  const names = namesOf(ctx);
  const services = readServices(ctx, names);
  const targetGroups = readTargetGroups(ctx, names);
  const loadBalancers = readLoadBalancers(ctx, names);
  const alarms = readAlarms(ctx, names);
  const dashboards = readDashboards(ctx, names);
  const topics = readTopics(ctx);
  const logGroups = readLogGroups(ctx, names);
  const tags = readTags(ctx);
  const { buckets, queues, tables } = readStores(ctx, readTableScaling(ctx));
  const databases = readDatabases(ctx, names);
  const caches = readCaches(ctx, names);
  const jobs = readJobs(ctx, names);
  const functions = readFunctions(ctx, names);
  const apis = readApis(ctx);
  checkRestApiPartsUsed(ctx);
  return sortInventory({ key: readKey(ctx), budget: readBudget(ctx), audit: readAudit(ctx), backup: readBackup(ctx), containerInsights: readContainerInsights(ctx), capacityProviders: readCapacityProviders(ctx), webAcls: readWebAcls(ctx), sites: readSites(ctx), jobs, functions, apis, graphqlApis: readGraphqlApis(ctx), restApis: readRestApis(ctx), restApiAccount: readRestApiAccount(ctx), userPools: readUserPools(ctx), dns: readDns(ctx), buckets, queues, tables, databases, caches, tags, network, loadBalancers, targetGroups, services, alarms, dashboards, topics, logGroups, standby });
}

/** The stack's tags: its provider's default tags (every taggable resource gets them). */
function readTags(ctx: Context): Record<string, string> {
  const provider = ctx.resources.find((r) => r.type === 'pulumi:providers:aws' && r.name === ctx.provider);
  return (provider?.inputs.defaultTags ? JSON.parse(provider.inputs.defaultTags).tags : {}) as Record<string, string>;
}
