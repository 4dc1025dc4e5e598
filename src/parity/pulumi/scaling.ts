/*
 * Scaling read from a mock run. A service's: its scalable target (min, max),
 * its target-tracking policies (the request-count policy's resource label
 * named "load-balancer/target-group:<service>") and its step-scaling policies
 * (named by their name; each must be invoked by an alarm, which names it
 * "scaling-policy:<service>/<name>"). A table's: each target's bounds and its
 * one target-tracking policy, by table and index. Every scalable target must
 * scale an ECS service's desired count or a DynamoDB table's or index's
 * capacity, and every policy a registered target; anything else throws.
 */
import type { CapacityInventory, ServiceInventory, StepPolicyInventory } from '../inventory';
import type { Context, Inputs, R } from './context';
import type { Names } from './names';
import { T } from './resource-types';
import { byText } from '../../text';

export function readScaling(ctx: Context, names: Names, svc: R): ServiceInventory['scaling'] {
  const { ofType } = ctx;
  const { suffixName } = names;
  const clusters = ofType(T.cluster);
  const targets = ofType(T.target);
  const policies = ofType(T.policy);
  const target = targets.find((t) => t.inputs.resourceId === `service/${clusters[0]?.name}/${svc.name}`);
  if (!target) return null;
  const own = policies.filter((p) => p.inputs.resourceId === target.inputs.resourceId);
  for (const p of own) {
    if (p.inputs.policyType !== 'StepScaling' && p.inputs.policyType !== 'TargetTrackingScaling') {
      throw new Error(`parity: scaling policy ${p.name} is ${p.inputs.policyType}: only target tracking and step scaling are in the inventory`);
    }
  }
  return {
    min: target.inputs.minCapacity,
    max: target.inputs.maxCapacity,
    policies: own
      .filter((p) => p.inputs.policyType === 'TargetTrackingScaling')
      .map((p) => {
        const cfg = p.inputs.targetTrackingScalingPolicyConfiguration as Inputs;
        if (!cfg.predefinedMetricSpecification) throw new Error(`parity: scaling policy ${p.name} tracks a customized metric; only predefined metrics are in the inventory`);
        const label = cfg.predefinedMetricSpecification.resourceLabel as string | undefined;
        return {
          metric: cfg.predefinedMetricSpecification.predefinedMetricType,
          target: cfg.targetValue,
          scaleInCooldownSeconds: cfg.scaleInCooldown ?? 300,
          scaleOutCooldownSeconds: cfg.scaleOutCooldown ?? 300,
          resource: label ? resourceLabel(label, suffixName) : null,
        };
      })
      .sort((a, b) => byText(a.metric, b.metric)),
    stepPolicies: own.filter((p) => p.inputs.policyType === 'StepScaling').map((p) => stepPolicy(ctx, p)),
  };
}

function stepPolicy(ctx: Context, p: R): StepPolicyInventory {
  const arn = ctx.byArnValue(p);
  const invoked = ctx.ofType(T.alarm).some((a) => [...(a.inputs.alarmActions ?? []), ...(a.inputs.okActions ?? [])].includes(arn));
  if (!invoked) throw new Error(`parity: no alarm invokes step-scaling policy ${p.name}, so it never scales anything`);
  const c = ctx.must(p.inputs.stepScalingPolicyConfiguration as Inputs | undefined, `the step configuration of scaling policy ${p.name}`);
  if (c.adjustmentType === undefined) throw new Error(`parity: step-scaling policy ${p.name} has no adjustment type`);
  const bound = (b: string | undefined) => (b === undefined || b === '' ? null : Number(b));
  const steps = ((c.stepAdjustments ?? []) as Inputs[]).map((s) => ({
    lower: bound(s.metricIntervalLowerBound),
    upper: bound(s.metricIntervalUpperBound),
    adjustment: s.scalingAdjustment,
  }));
  if (steps.length === 0) throw new Error(`parity: step-scaling policy ${p.name} has no steps`);
  return {
    name: ctx.must(p.inputs.name as string | undefined, `the name of scaling policy ${p.name}`),
    adjustmentType: c.adjustmentType,
    // AWS's defaults: a 300 s cooldown for ECS, datapoints averaged.
    cooldownSeconds: c.cooldown ?? 300,
    metricAggregation: c.metricAggregationType ?? 'Average',
    minAdjustmentMagnitude: c.minAdjustmentMagnitude ?? null,
    steps,
  };
}

/** "load-balancer/target-group:<service>" from app/NAME/ID/targetgroup/NAME/ID. */
function resourceLabel(label: string, name: (suffix: string) => string): string {
  const [lbPart, tgPart] = [label.slice(0, label.indexOf('/targetgroup/')), label.slice(label.indexOf('/targetgroup/') + 1)];
  return `${name(lbPart)}/${name(tgPart)}`;
}

type CapacityScaling = NonNullable<CapacityInventory['scaling']>;
/** By table (its registered resource), then index name ("" for the table itself). */
export type TableScaling = Map<R, Map<string, { read?: CapacityScaling; write?: CapacityScaling }>>;

// DynamoDB's scalable dimensions, and the predefined metric a target-tracking policy of each tracks.
const TABLE_DIMENSIONS: Readonly<Record<string, { of: 'table' | 'index'; dimension: 'read' | 'write'; metric: string }>> = {
  'dynamodb:table:ReadCapacityUnits': { of: 'table', dimension: 'read', metric: 'DynamoDBReadCapacityUtilization' },
  'dynamodb:table:WriteCapacityUnits': { of: 'table', dimension: 'write', metric: 'DynamoDBWriteCapacityUtilization' },
  'dynamodb:index:ReadCapacityUnits': { of: 'index', dimension: 'read', metric: 'DynamoDBReadCapacityUtilization' },
  'dynamodb:index:WriteCapacityUnits': { of: 'index', dimension: 'write', metric: 'DynamoDBWriteCapacityUtilization' },
};

// Without a roleArn Application Auto Scaling uses this service-linked role for DynamoDB, the one CDK names.
const DYNAMODB_SCALING_ROLE = /^arn:aws[a-z-]*:iam::\d{12}:role\/aws-service-role\/dynamodb\.application-autoscaling\.amazonaws\.com\/AWSServiceRoleForApplicationAutoScaling_DynamoDBTable$/;

/**
 * Classifies every scalable target and policy (an ECS service's, or a table's or index's capacity; anything
 * else throws) and reads the autoscaling of tables' capacity: each target's bounds and its one
 * target-tracking policy on the dimension's utilization metric. A second target for the same capacity, a
 * target without a policy, a second policy, step scaling, another metric or scale-in disabled throws.
 */
export function readTableScaling(ctx: Context): TableScaling {
  const { ofType } = ctx;
  const cluster = ofType(T.cluster)[0]?.name;
  const serviceIds = new Set(ofType(T.service).map((svc) => `service/${cluster}/${svc.name}`));
  const tables = ofType(T.table);
  const policies = ofType(T.policy);
  const out: TableScaling = new Map();
  for (const target of ofType(T.target)) {
    const i = target.inputs;
    const ownPolicies = policies.filter((p) => p.inputs.serviceNamespace === i.serviceNamespace && p.inputs.scalableDimension === i.scalableDimension && p.inputs.resourceId === i.resourceId);
    if (i.serviceNamespace === 'ecs' && i.scalableDimension === 'ecs:service:DesiredCount') {
      if (!serviceIds.has(i.resourceId)) throw new Error(`parity: scalable target ${target.name} scales ${i.resourceId}, not an ECS service of the cluster`);
      continue; // read with its service (readScaling)
    }
    const dim = i.serviceNamespace === 'dynamodb' ? TABLE_DIMENSIONS[i.scalableDimension as string] : undefined;
    if (!dim) throw new Error(`parity: scalable target ${target.name} scales ${i.serviceNamespace} ${i.scalableDimension}: the inventory knows an ECS service's desired count and a DynamoDB table's or index's capacity only`);
    const m = /^table\/([^/]+)(?:\/index\/([^/]+))?$/.exec(String(i.resourceId));
    if (!m || (dim.of === 'index') !== (m[2] !== undefined)) throw new Error(`parity: scalable target ${target.name}: ${i.resourceId} is not a table${dim.of === 'index' ? "'s index" : ''} (for ${i.scalableDimension})`);
    const table = ctx.must(
      tables.find((t) => (t.inputs.name ?? t.name) === m[1]),
      `the table scalable target ${target.name} scales (${i.resourceId})`,
    );
    if (i.roleArn !== undefined && !DYNAMODB_SCALING_ROLE.test(i.roleArn)) throw new Error(`parity: scalable target ${target.name}: ${i.roleArn} is not DynamoDB's Application Auto Scaling service-linked role`);
    const what = `the ${dim.dimension} capacity of ${table.name}${m[2] === undefined ? '' : ` index ${m[2]}`}`;
    const byIndex = out.get(table) ?? new Map<string, { read?: CapacityScaling; write?: CapacityScaling }>();
    out.set(table, byIndex);
    const entry = byIndex.get(m[2] ?? '') ?? {};
    byIndex.set(m[2] ?? '', entry);
    if (entry[dim.dimension]) throw new Error(`parity: scalable target ${target.name}: ${what} has a scalable target already`);
    if (ownPolicies.length !== 1) throw new Error(`parity: ${what} has ${ownPolicies.length} scaling policies; the inventory records one target-tracking policy per table capacity`);
    const p = ownPolicies[0];
    if (p.inputs.policyType !== 'TargetTrackingScaling') throw new Error(`parity: scaling policy ${p.name} is ${p.inputs.policyType}: a table's capacity is read as target tracking only`);
    const cfg = ctx.must(p.inputs.targetTrackingScalingPolicyConfiguration as Inputs | undefined, `the target-tracking configuration of scaling policy ${p.name}`);
    if (cfg.disableScaleIn === true) throw new Error(`parity: scaling policy ${p.name} disables scale-in, which is not in the inventory`);
    const metric = ctx.must(cfg.predefinedMetricSpecification as Inputs | undefined, `the predefined metric of scaling policy ${p.name} (customized metrics are not in the inventory)`);
    if (metric.predefinedMetricType !== dim.metric) throw new Error(`parity: scaling policy ${p.name}: ${metric.predefinedMetricType} does not measure ${what} (${dim.metric} does)`);
    if (metric.resourceLabel !== undefined) throw new Error(`parity: scaling policy ${p.name}: a resource label has no meaning for ${dim.metric}`);
    entry[dim.dimension] = {
      min: i.minCapacity,
      max: i.maxCapacity,
      targetUtilization: cfg.targetValue,
      // AWS's default cooldown for DynamoDB is 0 s both ways.
      scaleInCooldownSeconds: cfg.scaleInCooldown ?? 0,
      scaleOutCooldownSeconds: cfg.scaleOutCooldown ?? 0,
    };
  }
  const targets = ofType(T.target).map((t) => `${t.inputs.serviceNamespace} ${t.inputs.scalableDimension} ${t.inputs.resourceId}`);
  for (const p of policies) {
    if (!targets.includes(`${p.inputs.serviceNamespace} ${p.inputs.scalableDimension} ${p.inputs.resourceId}`)) {
      throw new Error(`parity: scaling policy ${p.name} scales ${p.inputs.resourceId} (${p.inputs.scalableDimension}), which no scalable target registers`);
    }
  }
  return out;
}
