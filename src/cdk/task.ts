import { aws_ecs as ecs, aws_iam as iam, aws_logs as logs } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { AccessDesign, TaskDesign } from '../design';
import { accessResources, connectionValue, storeSecret, type DataStore } from './data';
import { createLogGroup } from './retention';
import { stackKey } from './key';
import { fail } from '../fail';

/**
 * In `scope`: the log group (`Logs`), the Fargate task definition (`Task`) with its one container, and the
 * task role's `DataAccess` policy when the design has access. The awslogs stream prefix is the key.
 * Secrets (database credentials, cache AUTH tokens) are ECS secrets, never plain environment variables:
 * ECS reads them with the execution role at task start, which may read exactly those secrets.
 */
export function fargateTask(
  scope: Construct,
  d: TaskDesign,
  stores: ReadonlyMap<string, DataStore>,
  container: Partial<ecs.ContainerDefinitionOptions> = {},
): { task: ecs.FargateTaskDefinition; logGroup: logs.LogGroup; access?: iam.Policy; secretReader?: iam.IRole } {
  const logGroup = createLogGroup(scope, 'Logs', d.logRetentionDays);
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
  // valueFrom is the secret's ARN, with ":<field>::" for one JSON key of it; each grants the execution
  // role secretsmanager:GetSecretValue and DescribeSecret on that secret.
  const secrets = Object.fromEntries(d.secrets.map((s) => [s.variable, ecs.Secret.fromSecretsManager(storeSecret(store(s.store)), s.field)]));
  task.addContainer(d.container.name, {
    image: ecs.ContainerImage.fromRegistry(d.image),
    ...container,
    environment: { ...d.environment, ...connections },
    secrets: d.secrets.length ? secrets : undefined,
    logging: ecs.LogDrivers.awsLogs({ logGroup, streamPrefix: d.key }),
    essential: true,
  });
  // Access: one statement per store, exactly the design's actions on exactly that store. Not CDK's grant*
  // helpers (they add actions of their own, e.g. KMS), and not minimized (the feature flag would merge
  // statements), so the design stays the single source of every action and resource.
  const key = stackKey(scope);
  const keyStatement = (actions: string[]) => new iam.PolicyStatement({ effect: iam.Effect.ALLOW, actions, resources: [(key ?? fail(`${d.key}: key actions without the stack's key`)).keyArn] });
  const statements = [...d.access.map((a) => statement(a, accessResources(store(a.store), a.resources))), ...(d.keyActions.task.length ? [keyStatement(d.keyActions.task)] : [])];
  const access = statements.length
    ? new iam.Policy(scope, 'DataAccess', { document: new iam.PolicyDocument({ minimize: false, statements }), roles: [task.taskRole] })
    : undefined;
  if (d.keyActions.execution.length) task.obtainExecutionRole().addToPrincipalPolicy(keyStatement(d.keyActions.execution));
  // The execution role (with its policy) that reads the secrets: what the first task start waits for.
  return { task, logGroup, access, secretReader: d.secrets.length ? task.obtainExecutionRole() : undefined };
}

function statement(a: AccessDesign, resources: string[]): iam.PolicyStatement {
  return new iam.PolicyStatement({ effect: iam.Effect.ALLOW, actions: a.actions, resources });
}
