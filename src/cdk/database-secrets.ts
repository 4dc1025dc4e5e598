import { Aws, Duration, aws_ec2 as ec2, aws_rds as rds, aws_secretsmanager as secretsmanager, custom_resources as cr } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { DatabaseCredentials, DatabaseDesign } from '../design';
import { SUBNET_TYPE } from './network';

type Generated = Extract<DatabaseCredentials, { source: 'generated' }>;

// Secrets Manager's hosted single-user rotation functions, by the design's name for them.
const HOSTED_ROTATION = {
  'postgresql-single-user': secretsmanager.HostedRotation.postgreSqlSingleUser,
  'mysql-single-user': secretsmanager.HostedRotation.mysqlSingleUser,
} as const;

/**
 * The admin credentials of a global database's primary cluster, which RDS refuses to manage: a secret
 * (`AdminSecret`) named as the design says, generating `{"username": ..., "password": ...}`, replicated
 * into the standby's region (its tasks read the replica), tagged as the store (the scope is the store's
 * tagged construct). `attach` ties it to the cluster (AWS::SecretsManager::SecretTargetAttachment: the
 * rotation function finds host, port and engine there) and rotates it every rotation.days days with the
 * hosted rotation function for the engine (the AWS::SecretsManager-2020-07-23 transform deploys it), in
 * the design's subnets, with a security group of its own (`RotationSecurityGroup`, egress to anywhere:
 * it calls the Secrets Manager API) that the database's admits on its port (`Ingress-rotation`).
 */
export function generatedSecret(
  scope: Construct,
  d: DatabaseDesign,
  c: Generated,
  vpc: ec2.IVpc,
  databaseSecurityGroup: ec2.SecurityGroup,
): { secret: secretsmanager.Secret; password: string; attach: (cluster: rds.CfnDBCluster) => void } {
  const secret = new secretsmanager.Secret(scope, 'AdminSecret', {
    secretName: c.secretName,
    description: `Admin credentials of database ${d.key}`,
    generateSecretString: {
      secretStringTemplate: JSON.stringify({ username: d.username }),
      generateStringKey: 'password',
      passwordLength: c.passwordLength,
      excludeCharacters: c.excludeCharacters,
    },
    replicaRegions: c.replicaRegions.map((region) => ({ region })),
  });
  return {
    secret,
    // A dynamic reference: CloudFormation reads the password at deploy time, the template never holds it.
    password: secret.secretValueFromJson('password').unsafeUnwrap(),
    attach: (cluster) => {
      const attachment = new secretsmanager.CfnSecretTargetAttachment(scope, 'AdminSecretAttachment', {
        secretId: secret.secretArn,
        targetId: cluster.ref,
        targetType: 'AWS::RDS::DBCluster',
      });
      const rotationGroup = new ec2.SecurityGroup(scope, 'RotationSecurityGroup', {
        vpc,
        description: `Rotation of the admin password of database ${d.key}`,
        allowAllOutbound: true,
      });
      new ec2.CfnSecurityGroupIngress(scope, 'Ingress-rotation', {
        groupId: databaseSecurityGroup.securityGroupId,
        sourceSecurityGroupId: rotationGroup.securityGroupId,
        ipProtocol: 'tcp',
        fromPort: d.port,
        toPort: d.port,
        description: 'From the rotation function',
      });
      const schedule = secret.addRotationSchedule('Rotation', {
        hostedRotation: HOSTED_ROTATION[c.rotation.function]({
          vpc,
          vpcSubnets: { subnetType: SUBNET_TYPE[c.rotation.subnets] },
          securityGroups: [rotationGroup],
          excludeCharacters: c.excludeCharacters,
        }),
        automaticallyAfter: Duration.days(c.rotation.days),
      });
      // The first rotation finds the cluster's host and port in the secret.
      schedule.node.addDependency(attachment);
    },
  };
}

/**
 * A standby's view of its primary's generated secret: the replica in this region. ECS needs the secret's
 * complete ARN (its random suffix included), which no template of this region knows, so a custom
 * resource (`SecretLookup`) reads it at deploy time with DescribeSecret, allowed on that secret only.
 */
export function replicaSecret(scope: Construct, secretName: string): secretsmanager.ISecret {
  const lookup = new cr.AwsCustomResource(scope, 'SecretLookup', {
    onUpdate: {
      service: 'SecretsManager',
      action: 'DescribeSecret',
      parameters: { SecretId: secretName },
      physicalResourceId: cr.PhysicalResourceId.of(secretName),
    },
    // Six characters: the random suffix Secrets Manager appends to a secret's ARN.
    policy: cr.AwsCustomResourcePolicy.fromSdkCalls({
      resources: [`arn:${Aws.PARTITION}:secretsmanager:${Aws.REGION}:${Aws.ACCOUNT_ID}:secret:${secretName}-??????`],
    }),
    installLatestAwsSdk: false,
  });
  return secretsmanager.Secret.fromSecretCompleteArn(scope, 'ReplicaSecret', lookup.getResponseField('ARN'));
}
