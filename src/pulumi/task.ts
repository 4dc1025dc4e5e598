import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import type { ConnectionDesign, SecretRefDesign, TaskDesign } from '../design';
import type { RenderedStore } from './data';
import { assumeRolePolicy } from './iam';
import { byText } from '../text';
import { fail } from '../fail';
import { keyArnFor } from './key';
import { logGroup as createLogGroup } from './retention';

/** A task's design, with the container port a service listens on (jobs have none), the region for its logs and the stack's key. */
export interface TaskSpec extends TaskDesign {
  container: { name: string; port?: { containerPort: number; name: string; appProtocol: string } };
  region: string;
  /** The stack's customer-managed key: its log group's encryption, and what keyActions are granted on. */
  stackKey?: pulumi.Output<string>;
  /** Tags of the task definition itself (a job's sizing: its schedule takes no tags); none for a service's. */
  taskTags?: Record<string, string>;
}

/**
 * A Fargate task: its log group, a task role carrying exactly its data edges
 * (and its actions on the stack's key), an execution role that may write its
 * logs and read exactly its secrets (and decrypt them with the key), and
 * the task definition (mirrors src/cdk/task.ts where CDK's FargateTaskDefinition does the same).
 */
export function fargateTask(
  prefix: string,
  t: TaskSpec,
  stores: Map<string, RenderedStore>,
  opts: pulumi.CustomResourceOptions,
): { task: aws.ecs.TaskDefinition; taskRole: aws.iam.Role; executionRole: aws.iam.Role } {
  const logGroup = createLogGroup(`${prefix}-logs`, { days: t.logRetentionDays, key: t.stackKey }, opts);
  const taskRole = new aws.iam.Role(`${prefix}-task-role`, { assumeRolePolicy: assumeRolePolicy('ecs-tasks.amazonaws.com') }, opts);
  // The design's actions on the stack's key, one statement of their own, on that key only.
  const keyStatement = (actions: string[]) => keyArnFor(t.stackKey, `the key actions of ${t.key}`).apply((arn) => ({ Effect: 'Allow', Action: actions, Resource: arn }));
  const taskKey = t.keyActions.task.length ? [keyStatement(t.keyActions.task)] : [];
  if (t.access.length || taskKey.length) {
    // One statement per edge: exactly the design's actions, on that store only.
    const statements = t.access.map((a) => {
      const store = stores.get(a.store)!;
      // dbuser: the database's admin user (IAM database authentication), not a path under the database's ARN.
      const resource = (suffix: string) => (suffix === 'dbuser' ? (store.dbuserArn ?? fail(`${t.key}: store ${a.store} has no database user`)) : pulumi.interpolate`${store.arn}${suffix}`);
      return pulumi.all(a.resources.map(resource)).apply((resources) => ({
        Effect: 'Allow',
        Action: a.actions,
        Resource: resources.length === 1 ? resources[0] : resources,
      }));
    });
    new aws.iam.RolePolicy(
      `${prefix}-task-policy`,
      { role: taskRole.id, policy: pulumi.all([...statements, ...taskKey]).apply((Statement) => JSON.stringify({ Version: '2012-10-17', Statement })) },
      opts,
    );
  }
  const executionRole = new aws.iam.Role(`${prefix}-execution-role`, { assumeRolePolicy: assumeRolePolicy('ecs-tasks.amazonaws.com') }, opts);
  // ECS reads the injected secrets with the execution role: exactly those, once per store (as CDK's Secret.grantRead, one statement).
  const secretArns = [...new Set(t.secrets.map((s) => s.store))].sort(byText).map((key) => secretOf(stores, key));
  new aws.iam.RolePolicy(
    `${prefix}-execution-policy`,
    {
      role: executionRole.id,
      policy: pulumi.all([logGroup.arn, pulumi.all(secretArns), pulumi.all(t.keyActions.execution.length ? [keyStatement(t.keyActions.execution)] : [])]).apply(([arn, secrets, executionKey]) =>
        JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: arn },
            ...(secrets.length
              ? [{ Effect: 'Allow', Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'], Resource: secrets.length === 1 ? secrets[0] : secrets }]
              : []),
            ...executionKey,
          ],
        }),
      ),
    },
    opts,
  );
  const task = new aws.ecs.TaskDefinition(
    `${prefix}-task`,
    {
      family: prefix,
      cpu: String(t.cpu),
      memory: String(t.memory),
      networkMode: 'awsvpc',
      requiresCompatibilities: ['FARGATE'],
      runtimePlatform: { cpuArchitecture: t.arch === 'arm64' ? 'ARM64' : 'X86_64', operatingSystemFamily: 'LINUX' },
      executionRoleArn: executionRole.arn,
      taskRoleArn: taskRole.arn,
      ...(t.taskTags ? { tags: t.taskTags } : {}),
      containerDefinitions: pulumi.all([logGroup.name, connections(t.connections, stores), secrets(t.secrets, stores)]).apply(([group, connected, secretRefs]) =>
        JSON.stringify([
          {
            name: t.container.name,
            image: t.image,
            essential: true,
            ...(t.container.port ? { portMappings: [{ ...t.container.port, protocol: 'tcp' }] } : {}),
            environment: Object.entries({ ...connected, ...t.environment })
              .sort(([a], [b]) => byText(a, b))
              .map(([k, v]) => ({ name: k, value: v })),
            // Credentials never sit in the environment: ECS fetches them from Secrets Manager at start.
            ...(secretRefs.length ? { secrets: secretRefs } : {}),
            logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': group, 'awslogs-stream-prefix': t.key, 'awslogs-region': t.region } },
          },
        ]),
      ),
    },
    opts,
  );
  return { task, taskRole, executionRole };
}

/** The connection details edges inject: bucket and table names, queue URLs, topic ARNs, database and cache endpoint addresses. */
export function connections(list: ConnectionDesign[], stores: Map<string, RenderedStore>): pulumi.Output<Record<string, string>> {
  const entries = list.map((c) => {
    const store = stores.get(c.store)!;
    const value = {
      name: store.name,
      url: store.url,
      arn: store.arn,
      host: store.host,
      'reader-host': store.readerHost,
    }[c.attribute] ?? fail(`store ${c.store} has no ${c.attribute}`);
    return value.apply((v) => [c.variable, v] as const);
  });
  return pulumi.all(entries).apply((pairs) => Object.fromEntries(pairs));
}

/** ECS secrets, in the design's order: the whole secret, or one JSON key of it (ARN:key:: for the current version). */
function secrets(list: SecretRefDesign[], stores: Map<string, RenderedStore>): pulumi.Output<{ name: string; valueFrom: string }[]> {
  return pulumi.all(
    list.map((s) => secretOf(stores, s.store).apply((arn) => ({ name: s.variable, valueFrom: s.field ? `${arn}:${s.field}::` : arn }))),
  );
}

function secretOf(stores: Map<string, RenderedStore>, key: string): pulumi.Output<string> {
  return stores.get(key)?.secretArn ?? fail(`store ${key} has no secret`);
}
