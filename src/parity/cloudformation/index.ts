/*
 * The capability inventory of a CloudFormation template (what `cdk synth`
 * emits), read from the template alone: never from the design, and without
 * aws-cdk-lib, so it states what CloudFormation would really deploy. Each
 * concern has its own reader; this module checks every resource type is
 * known, runs the readers in order and sorts the result.
 * docs/PARITY.md explains the inventory and how a concern extends it.
 */
import type { Inventory } from '../inventory';
import { sortInventory } from '../sort';
import { readSites } from './sites';
import { readApis } from './apis';
import { readGraphqlApis, readUserPools } from './graphql';
import { checkRestApiPartsUsed, readRestApiAccount, readRestApis } from './rest-apis';
import { readDns } from './dns';
import { readAudit } from './audit';
import { readBackup } from './backup';
import { readCaches } from './caches';
import { checkCertificatesUsed } from './certificates';
import { readCapacityProviders, readContainerInsights, readServices } from './compute';
import { readWebAcls } from './waf';
import { readBudget } from './budget';
import { Context, NO_IMPORTS, type Imports } from './context';
import { readStores } from './data';
import { readDatabases } from './databases';
import { readFunctions } from './functions';
import { readJobs } from './jobs';
import { readKey } from './key';
import { readLoadBalancers, readTargetGroups } from './load-balancing';
import { readIngress, readNetwork } from './network';
import { readAlarms, readDashboards, readLogGroups, readTopics } from './observability';
import { READ_TYPES, SKIPPED_RESOURCE_TYPES, T } from './resource-types';
import { readTableScaling } from './scaling';
import { checkReplicasUsed, readSecondaryRegion, type SecondaryRegion } from './secondary';
import { CfnTemplate, fail, list, obj } from './template';

export { SKIPPED_RESOURCE_TYPES } from './resource-types';

type Stack = { region: string; template: Record<string, unknown> };

/**
 * `dr`: the disaster-recovery stack's template (the secondary region: recovery vaults, replica buckets), when
 * there is one. `standby`: the standby stack's template (pilot-light, warm-standby: the system in the secondary
 * region), read as an inventory of its own (Inventory.standby), in which the replica buckets of `dr`, the
 * replicas of the primary template's global tables and of its generated database secrets are named as there.
 */
export function inventoryFromTemplate(template: Record<string, unknown>, dr?: Stack, standby?: Stack): Inventory {
  // The secondary region first: the primary template names its replicas by the names they have there.
  const secondary = readSecondaryRegion(dr);
  const primary = readTemplate(template, secondary, { ...NO_IMPORTS, buckets: secondary.replicaNames });
  if (!standby) return sortInventory(primary);
  // Its region first, as its subnets' AZs name it: the replicas it reaches are those of that region.
  const st = new CfnTemplate(standby.template);
  for (const id of st.ofType(T.subnet)) {
    const az = st.props(id).AvailabilityZone;
    if (typeof az !== 'string' || az.replace(/[a-z]$/, '') !== standby.region) fail(`standby template: ${st.where(id, 'AvailabilityZone')}`, `${JSON.stringify(az)}: its subnets are not in ${standby.region}`);
  }
  // What the standby reaches by name: the replica buckets, and the replicas of the primary's global tables and generated secrets.
  const imports: Imports = {
    buckets: secondary.replicaNames,
    tables: new Map(primary.tables.filter((tb) => tb.replicaRegions.includes(standby.region) && tb.tableName !== null).map((tb) => [tb.tableName!, tb.name])),
    secrets: new Map(
      primary.databases.flatMap((db) => (db.generatedPassword?.replicaRegions.includes(standby.region) ? [[db.generatedPassword.secretName, db.name.slice('database:'.length)] as const] : [])),
    ),
  };
  const there = readTemplate(standby.template, readSecondaryRegion(undefined), imports, 'standby template');
  return sortInventory({ ...primary, standby: there });
}

/** One template read as an inventory (whose standby is null); `what` prefixes its failures. */
function readTemplate(template: Record<string, unknown>, secondary: SecondaryRegion, imports: Imports, what?: string): Inventory {
  try {
    const t = new CfnTemplate(template);
    for (const id of t.ids()) {
      const type = t.type(id)!;
      if (!READ_TYPES.has(type) && SKIPPED_RESOURCE_TYPES[type] === undefined) {
        fail(t.where(id), 'this resource type is not in the inventory (and not in SKIPPED_RESOURCE_TYPES): extend the inventory before rendering it (docs/PARITY.md)');
      }
    }
    const x = new Context(t, imports);
    // Security-group rules first: the interface endpoints' group reports its own with the network.
    readIngress(x);
    const network = readNetwork(x);
    const targetGroups = readTargetGroups(x);
    const loadBalancers = readLoadBalancers(x);
    const services = readServices(x);
    const jobs = readJobs(x);
    const functions = readFunctions(x);
    const alarms = readAlarms(x);
    const dashboards = readDashboards(x);
    const { buckets, queues, tables, topicTlsOnly } = readStores(t, x.r, x.names.stores, x.arns, readTableScaling(x), { region: () => x.region(), secondary });
    checkReplicasUsed(secondary, buckets);
    const topics = readTopics(x, topicTlsOnly);
    // Before the log groups: the trail owns its own.
    const audit = readAudit(x);
    // Before the log groups too: a web ACL's logging owns its log group.
    const webAcls = readWebAcls(x);
    // Before the log groups too: an API's stage owns its access-log group.
    const apis = readApis(x);
    const graphqlApis = readGraphqlApis(x);
    const restApis = readRestApis(x);
    checkRestApiPartsUsed(x);
    const sites = readSites(x);
    checkCertificatesUsed(x);
    const logGroups = readLogGroups(x);
    const databases = readDatabases(x);
    const caches = readCaches(x);
    return sortInventory({ tags: readTags(t), network, loadBalancers, targetGroups, services, alarms, dashboards, topics, logGroups, buckets: [...buckets, ...secondary.replicas], queues, tables, databases, caches, jobs, functions, apis, graphqlApis, restApis, restApiAccount: readRestApiAccount(x), userPools: readUserPools(x), dns: readDns(x), sites, backup: readBackup(x, secondary.recoveryVaults), containerInsights: readContainerInsights(x), capacityProviders: readCapacityProviders(x), webAcls, audit, key: readKey(x), budget: readBudget(x), standby: null });
  } catch (e) {
    if (what && e instanceof Error) e.message = e.message.replace(/^inventoryFromTemplate: /, `inventoryFromTemplate: ${what}: `);
    throw e;
  }
}

/** The stack's tags, as the VPC carries them (every taggable resource gets the same); CDK's own Name tag aside. */
function readTags(t: CfnTemplate): Record<string, string> {
  const vpc = t.ofType(T.vpc)[0];
  const tags = list(t.props(vpc).Tags, t.where(vpc, 'Tags')).map((v, i) => obj(v, t.where(vpc, `Tags[${i}]`)));
  return Object.fromEntries(tags.filter((tag) => tag.Key !== 'Name').map((tag) => [String(tag.Key), String(tag.Value)]));
}
