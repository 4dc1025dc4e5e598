import { aws_ecs as ecs, aws_iam as iam, aws_logs as logs } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { AccessDesign, TaskDesign } from '../design';
import { connectionValue, storeArn, type DataStore } from './data';
import { retention } from './retention';

/**
 * In `scope`: the log group (`Logs`), the Fargate task definition (`Task`) with its one container, and the
 * task role's `DataAccess` policy when the design has access. The awslogs stream prefix is the key.
 */
export function fargateTask(
  scope: Construct,
  d: TaskDesign,
  stores: ReadonlyMap<string, DataStore>,
  container: Partial<ecs.ContainerDefinitionOptions> = {},
): { task: ecs.FargateTaskDefinition; logGroup: logs.LogGroup; access?: iam.Policy } {
  const logGroup = new logs.LogGroup(scope, 'Logs', { retention: retention(d.logRetentionDays) });
  const task = new ecs.FargateTaskDefinition(scope, 'Task', {
    cpu: d.cpu,
    memoryLimitMiB: d.memory,
    runtimePlatform: {
      cpuArchitecture: d.arch === 'arm64' ? ecs.CpuArchitecture.ARM64 : ecs.CpuArchitecture.X86_64,
      operatingSystemFamily: ecs.OperatingSystemFamily.LINUX,
    },
  });
  const store = (key: string) => stores.get(key) ?? fail(`${d.key} uses store ${key}, which is not rendered`);
  // Connections: where each store is, as the environment variables the design names.
  const connections = Object.fromEntries(d.connections.map((c) => [c.variable, connectionValue(store(c.store), c.attribute)]));
  task.addContainer(d.container.name, {
    image: ecs.ContainerImage.fromRegistry(d.image),
    ...container,
    environment: { ...d.environment, ...connections },
    logging: ecs.LogDrivers.awsLogs({ logGroup, streamPrefix: d.key }),
    essential: true,
  });
  // Access: one statement per store, exactly the design's actions on exactly that store. Not CDK's grant*
  // helpers (they add actions of their own, e.g. KMS), and not minimized (the feature flag would merge
  // statements), so the design stays the single source of every action and resource.
  const access = d.access.length
    ? new iam.Policy(scope, 'DataAccess', {
        document: new iam.PolicyDocument({ minimize: false, statements: d.access.map((a) => statement(a, storeArn(store(a.store)))) }),
        roles: [task.taskRole],
      })
    : undefined;
  return { task, logGroup, access };
}

function statement(a: AccessDesign, arn: string): iam.PolicyStatement {
  return new iam.PolicyStatement({ effect: iam.Effect.ALLOW, actions: a.actions, resources: a.resources.map((suffix) => `${arn}${suffix}`) });
}

function fail(message: string): never {
  throw new Error(message);
}
