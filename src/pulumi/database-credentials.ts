import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import * as random from '@pulumi/random';
import type { DatabaseCredentials, DatabaseDesign } from '../design';
import type { DatabaseNetwork } from './databases';
import { PUNCTUATION, ROTATION_APPLICATIONS } from './providers';

type Generated = Extract<DatabaseCredentials, { source: 'generated' }>;

/** What the rotation functions expect in the secret's engine field. */
const SECRET_ENGINE: Record<string, string> = { 'aurora-postgresql': 'postgres', 'aurora-mysql': 'mysql', postgres: 'postgres', mysql: 'mysql' };

/**
 * The admin password of a global database's primary (credentials generated): a random password of
 * passwordLength characters without excludeCharacters (as GenerateSecretString makes it: letters,
 * digits and the remaining punctuation), kept in a secret named secretName, replicated into
 * replicaRegions (a standby's tasks read the replica) and tagged as the store; encrypted with the stack's key
 * when the database is (key), else with Secrets Manager's aws/secretsmanager.
 */
export function generatedCredentials(scope: pulumi.ComponentResource, prefix: string, d: DatabaseDesign, c: Generated, key?: pulumi.Output<string>) {
  const parent = { parent: scope };
  const special = [...PUNCTUATION].filter((ch) => !c.excludeCharacters.includes(ch)).join('');
  const password = new random.RandomPassword(`${prefix}-password`, { length: c.passwordLength, special: special.length > 0, overrideSpecial: special }, parent);
  const secret = new aws.secretsmanager.Secret(
    `${prefix}-secret`,
    {
      name: c.secretName,
      description: `Admin credentials of database ${d.key}`,
      ...(key ? { kmsKeyId: key } : {}),
      replicas: c.replicaRegions.map((region) => ({ region })),
      tags: d.tags,
    },
    { parent: scope, retainOnDelete: d.retain },
  );
  return { password: password.result, secret };
}

/**
 * The secret's value, once the cluster exists (as CloudFormation's SecretTargetAttachment writes it:
 * the rotation function connects with engine, host, port and dbname), and its rotation every
 * rotation.days days by the hosted single-user function for the engine: the SAR application, in
 * rotation.subnets with a security group of its own that the database admits on its port, egress to
 * anywhere (it calls the Secrets Manager API through NAT).
 */
export function rotate(
  scope: pulumi.ComponentResource,
  prefix: string,
  d: DatabaseDesign,
  c: Generated,
  x: { cluster: aws.rds.Cluster; generated: ReturnType<typeof generatedCredentials>; securityGroup: aws.ec2.SecurityGroup; members: pulumi.Resource[]; net: DatabaseNetwork },
): void {
  const parent = { parent: scope };
  const tags = d.tags;
  const value = pulumi
    .all([x.generated.password, x.cluster.endpoint])
    .apply(([password, host]) => JSON.stringify({ engine: SECRET_ENGINE[d.engine], host, port: d.port, dbname: d.databaseName, username: d.username, password }));
  const version = new aws.secretsmanager.SecretVersion(`${prefix}-secret-value`, { secretId: x.generated.secret.id, secretString: pulumi.secret(value) }, parent);

  const securityGroup = new aws.ec2.SecurityGroup(
    `${prefix}-rotation-sg`,
    {
      vpcId: x.net.vpcId,
      description: `Rotation of database ${d.key}'s password`,
      egress: [{ protocol: '-1', fromPort: 0, toPort: 0, cidrBlocks: ['0.0.0.0/0'], description: 'Secrets Manager API (through NAT) and the database' }],
      tags,
    },
    parent,
  );
  const ingress = new aws.vpc.SecurityGroupIngressRule(
    `${prefix}-ingress-from-rotation`,
    {
      securityGroupId: x.securityGroup.id,
      referencedSecurityGroupId: securityGroup.id,
      ipProtocol: 'tcp',
      fromPort: d.port,
      toPort: d.port,
      description: 'From the password rotation function',
      tags,
    },
    parent,
  );
  const functionName = `${prefix}-rotation`;
  const partition = aws.getPartitionOutput({}, parent);
  const stack = new aws.serverlessrepository.CloudFormationStack(
    functionName,
    {
      name: functionName,
      applicationId: ROTATION_APPLICATIONS[c.rotation.function],
      // The application creates the function's role and the permission Secrets Manager invokes it with.
      capabilities: ['CAPABILITY_IAM', 'CAPABILITY_RESOURCE_POLICY'],
      parameters: {
        endpoint: pulumi.interpolate`https://secretsmanager.${x.net.region}.${partition.dnsSuffix}`,
        functionName,
        // New passwords leave out what the first one did.
        excludeCharacters: c.excludeCharacters,
        vpcSubnetIds: pulumi.all(x.net.rotationSubnetIds).apply((ids) => ids.join(',')),
        vpcSecurityGroupIds: securityGroup.id,
      },
      tags,
    },
    parent,
  );
  // Rotating starts at once: the secret must hold the endpoint, and the database accept the function.
  new aws.secretsmanager.SecretRotation(
    `${prefix}-secret-rotation`,
    {
      secretId: x.generated.secret.id,
      rotationLambdaArn: stack.outputs.apply((o) => o.RotationLambdaARN),
      rotationRules: { automaticallyAfterDays: c.rotation.days },
    },
    { parent: scope, dependsOn: [version, ingress, ...x.members] },
  );
}
