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
import { readBackup } from './backup';
import { readCaches } from './caches';
import { readServices } from './compute';
import { Context } from './context';
import { readStores } from './data';
import { readDatabases } from './databases';
import { readJobs } from './jobs';
import { readLoadBalancers, readTargetGroups } from './load-balancing';
import { readIngress, readNetwork } from './network';
import { readAlarms, readDashboards, readLogGroups, readTopics } from './observability';
import { READ_TYPES, SKIPPED_RESOURCE_TYPES, T } from './resource-types';
import { readTableScaling } from './scaling';
import { checkReplicasUsed, readSecondaryRegion } from './secondary';
import { CfnTemplate, fail, list, obj } from './template';

export { SKIPPED_RESOURCE_TYPES } from './resource-types';

/** `dr`: the disaster-recovery stack's template (the secondary region: recovery vaults, replica buckets), when there is one. */
export function inventoryFromTemplate(template: Record<string, unknown>, dr?: { region: string; template: Record<string, unknown> }): Inventory {
  const t = new CfnTemplate(template);
  for (const id of t.ids()) {
    const type = t.type(id)!;
    if (!READ_TYPES.has(type) && SKIPPED_RESOURCE_TYPES[type] === undefined) {
      fail(t.where(id), 'this resource type is not in the inventory (and not in SKIPPED_RESOURCE_TYPES): extend the inventory before rendering it (docs/PARITY.md)');
    }
  }
  // The secondary region first: the primary template names its replicas by the names they have there.
  const secondary = readSecondaryRegion(dr);
  const x = new Context(t, secondary.replicaNames);
  const network = readNetwork(x);
  readIngress(x);
  const targetGroups = readTargetGroups(x);
  const loadBalancers = readLoadBalancers(x);
  const services = readServices(x);
  const jobs = readJobs(x);
  const alarms = readAlarms(x);
  const dashboards = readDashboards(x);
  const { buckets, queues, tables, topicTlsOnly } = readStores(t, x.r, x.names.stores, x.arns, readTableScaling(x), { region: () => x.region(), secondary });
  checkReplicasUsed(secondary, buckets);
  const topics = readTopics(x, topicTlsOnly);
  const logGroups = readLogGroups(x);
  const databases = readDatabases(x);
  const caches = readCaches(x);
  return sortInventory({ tags: readTags(t), network, loadBalancers, targetGroups, services, alarms, dashboards, topics, logGroups, buckets: [...buckets, ...secondary.replicas], queues, tables, databases, caches, jobs, backup: readBackup(x, secondary.recoveryVaults), standby: null });
}

/** The stack's tags, as the VPC carries them (every taggable resource gets the same); CDK's own Name tag aside. */
function readTags(t: CfnTemplate): Record<string, string> {
  const vpc = t.ofType(T.vpc)[0];
  const tags = list(t.props(vpc).Tags, t.where(vpc, 'Tags')).map((v, i) => obj(v, t.where(vpc, `Tags[${i}]`)));
  return Object.fromEntries(tags.filter((tag) => tag.Key !== 'Name').map((tag) => [String(tag.Key), String(tag.Value)]));
}
