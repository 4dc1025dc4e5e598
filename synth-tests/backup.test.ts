/*
 * Backups and backup-restore disaster recovery in both backends, on the
 * backup-restore fixture: the AWS Backup plan over exactly the stateful
 * stores, the copy into a vault in the secondary region (a second CDK stack,
 * a second Pulumi provider), and what each backend's reader makes of it.
 */
import { Match } from 'aws-cdk-lib/assertions';
import { inventoryFromTemplate } from '../src/parity/cloudformation';
import { inventoryFromPulumi } from '../src/parity/pulumi';
import { runUnderMocks, type RegisteredResource } from '../src/pulumi/mock-run';
import { designOf, synth } from './support';

const FILE = 'synth-tests/fixtures/backup-restore.yaml';

describe('CDK', () => {
  const { assertions: t, template, dr } = synth(FILE);

  test('one vault with the AWS-managed key, retained', () => {
    t.resourceCountIs('AWS::Backup::BackupVault', 1);
    t.hasResource('AWS::Backup::BackupVault', {
      Properties: { BackupVaultName: 'backup-restore-backups', EncryptionKeyArn: Match.absent() },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  test('an hourly rule, kept 14 days, copied to the vault in eu-central-1', () => {
    t.hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: {
        BackupPlanName: 'backup-restore-backups',
        BackupPlanRule: [
          Match.objectLike({
            RuleName: 'hourly',
            ScheduleExpression: 'cron(0 * ? * * *)',
            ScheduleExpressionTimezone: 'Etc/UTC',
            StartWindowMinutes: 60,
            CompletionWindowMinutes: 120,
            Lifecycle: { DeleteAfterDays: 14 },
            CopyActions: [
              {
                DestinationBackupVaultArn: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':backup:eu-central-1:', { Ref: 'AWS::AccountId' }, ':backup-vault:backup-restore-dr-backups']] },
                Lifecycle: { DeleteAfterDays: 14 },
              },
            ],
          }),
        ],
      },
    });
  });

  test('the selection names exactly the versioned bucket, the table and the database, by ARN', () => {
    const selection = Object.values(template.Resources as Record<string, { Type: string; Properties: Record<string, any> }>).find((r) => r.Type === 'AWS::Backup::BackupSelection')!;
    const refs = (selection.Properties.BackupSelection.Resources as { 'Fn::GetAtt': [string, string] }[]).map((r) => r['Fn::GetAtt']);
    const types = refs.map(([id, attr]) => `${(template.Resources as Record<string, { Type: string }>)[id].Type} ${attr}`).sort();
    expect(types).toEqual(['AWS::DynamoDB::Table Arn', 'AWS::RDS::DBInstance DBInstanceArn', 'AWS::S3::Bucket Arn']);
  });

  test('the backup role trusts AWS Backup only and carries its service-role policies, S3 included', () => {
    t.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'backup.amazonaws.com' } })] },
      ManagedPolicyArns: [
        'AWSBackupServiceRolePolicyForBackup',
        'AWSBackupServiceRolePolicyForRestores',
        'AWSBackupServiceRolePolicyForS3Backup',
        'AWSBackupServiceRolePolicyForS3Restore',
      ].map((p) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::aws:policy/service-role/${p}`]] })),
    });
  });

  test('the disaster-recovery stack in eu-central-1 holds the recovery vault only', () => {
    expect(dr?.region).toBe('eu-central-1');
    const resources = Object.values(dr!.template.Resources as Record<string, { Type: string; Properties: Record<string, unknown>; DeletionPolicy?: string }>);
    expect(resources.map((r) => [r.Type, r.Properties.BackupVaultName, r.DeletionPolicy])).toEqual([['AWS::Backup::BackupVault', 'backup-restore-dr-backups', 'Retain']]);
  });

  test('the CloudFormation reader reads the plan, the copy target and the recovery vault', () => {
    expect(inventoryFromTemplate(template, dr).backup).toEqual({
      vault: { name: 'backup-restore-backups', encryption: 'aws-managed', retain: true },
      plan: {
        name: 'backup-restore-backups',
        rules: [
          {
            name: 'hourly',
            schedule: 'cron(0 * ? * * *)',
            timezone: 'Etc/UTC',
            startWindowMinutes: 60,
            completionWindowMinutes: 120,
            deleteAfterDays: 14,
            copyTo: { vault: 'eu-central-1:backup-restore-dr-backups', deleteAfterDays: 14 },
          },
        ],
      },
      selection: ['bucket:reports', 'database:ledger', 'table:orders'],
      roleManagedPolicies: [
        'service-role/AWSBackupServiceRolePolicyForBackup',
        'service-role/AWSBackupServiceRolePolicyForRestores',
        'service-role/AWSBackupServiceRolePolicyForS3Backup',
        'service-role/AWSBackupServiceRolePolicyForS3Restore',
      ],
      recoveryVaults: [{ vault: 'eu-central-1:backup-restore-dr-backups', retain: true }],
    });
  });

  test('the reader refuses a copy target it cannot name, and a recovery stack with more than vaults and replicas', () => {
    const broken = JSON.parse(JSON.stringify(template)) as { Resources: Record<string, { Type: string; Properties: any }> };
    const plan = Object.values(broken.Resources).find((r) => r.Type === 'AWS::Backup::BackupPlan')!;
    plan.Properties.BackupPlan.BackupPlanRule[0].CopyActions[0].DestinationBackupVaultArn = 'arn:aws:backup:eu-central-1:123456789012:backup-vault:elsewhere';
    expect(() => inventoryFromTemplate(broken, dr)).toThrow(/DestinationBackupVaultArn: is not a backup vault ARN of this account/);
    const extra = { Resources: { ...(dr!.template.Resources as object), Stray: { Type: 'AWS::SQS::Queue', Properties: {} } } };
    expect(() => inventoryFromTemplate(template, { region: 'eu-central-1', template: extra })).toThrow(
      /disaster-recovery template: Stray \(AWS::SQS::Queue\): the inventory reads backup vaults, replica buckets and their bucket policies only there/,
    );
  });
});

describe('Pulumi', () => {
  let g: RegisteredResource[];
  beforeAll(async () => {
    g = await runUnderMocks(designOf(FILE));
  });
  const one = (type: string, name: string) => g.find((x) => x.type === type && x.name === name) ?? (() => { throw new Error(`no ${type} ${name}`); })();

  test('a second provider in eu-central-1 holds the recovery vault; everything else uses the primary one', () => {
    expect(one('pulumi:providers:aws', 'aws-recovery').inputs.region).toBe('eu-central-1');
    expect(g.filter((r) => r.provider).map((r) => [r.type, r.name, r.provider])).toEqual([['aws:backup/vault:Vault', 'backup-restore-recovery-vault', 'aws-recovery']]);
    expect(one('aws:backup/vault:Vault', 'backup-restore-recovery-vault')).toMatchObject({ inputs: { name: 'backup-restore-dr-backups' }, retainOnDelete: true });
  });

  test('the plan copies into the recovery vault by its ARN', () => {
    const plan = one('aws:backup/plan:Plan', 'backup-restore-backup-plan');
    expect(plan.inputs.rules).toEqual([
      expect.objectContaining({
        ruleName: 'hourly',
        schedule: 'cron(0 * ? * * *)',
        lifecycle: { deleteAfter: 14 },
        copyActions: [{ destinationVaultArn: expect.stringMatching(/backup-restore-recovery-vault$/), lifecycle: { deleteAfter: 14 } }],
      }),
    ]);
  });

  test('the Pulumi reader agrees with the CloudFormation reader', () => {
    const { template, dr } = synth(FILE);
    expect(inventoryFromPulumi(g).backup).toEqual(inventoryFromTemplate(template, dr).backup);
  });

  test('without a secondary region there is no recovery provider and no copy', async () => {
    const d = designOf('synth-tests/fixtures/data-stores.yaml');
    const graph = await runUnderMocks(d);
    expect(graph.some((r) => r.type === 'pulumi:providers:aws' && r.name === 'aws-recovery')).toBe(false);
    expect(inventoryFromPulumi(graph).backup?.recoveryVaults).toEqual([]);
    expect(inventoryFromPulumi(graph).backup?.plan.rules[0].copyTo).toBeNull();
  });
});
