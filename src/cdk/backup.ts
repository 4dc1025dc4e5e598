import { Aws, CfnResource, RemovalPolicy, aws_backup as backup, aws_iam as iam } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { BackupDesign } from '../design';

/**
 * The AWS Backup plan over the stateful stores (`Backup`): a vault encrypted
 * with the AWS-managed Backup key, one rule on the design's schedule (with a
 * copy to the secondary region's vault for backup-restore), a selection of
 * exactly the design's stores by ARN, and the role AWS Backup assumes.
 */
export class Backup extends Construct {
  readonly vault: backup.CfnBackupVault;
  readonly plan: backup.CfnBackupPlan;
  /** The role AWS Backup assumes. */
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: { design: BackupDesign; storeArns: ReadonlyMap<string, string> }) {
    super(scope, id);
    const d = props.design;
    // No EncryptionKeyArn: the vault uses the AWS-managed key aws/backup.
    this.vault = new backup.CfnBackupVault(this, 'Vault', { backupVaultName: d.vaultName });
    retain(this.vault);
    const r = d.rule;
    this.plan = new backup.CfnBackupPlan(this, 'Plan', {
      backupPlan: {
        backupPlanName: d.planName,
        backupPlanRule: [
          {
            ruleName: r.name,
            targetBackupVault: this.vault.attrBackupVaultName,
            scheduleExpression: r.schedule,
            scheduleExpressionTimezone: r.timezone,
            startWindowMinutes: r.startWindowMinutes,
            completionWindowMinutes: r.completionWindowMinutes,
            lifecycle: { deleteAfterDays: r.deleteAfterDays },
            copyActions: r.copyTo && [
              {
                // Built from the vault's name: a reference across regions would need a custom resource.
                destinationBackupVaultArn: `arn:${Aws.PARTITION}:backup:${r.copyTo.region}:${Aws.ACCOUNT_ID}:backup-vault:${r.copyTo.vaultName}`,
                lifecycle: { deleteAfterDays: r.copyTo.deleteAfterDays },
              },
            ],
          },
        ],
      },
    });
    // AWS's service-role policies are the documented way to let AWS Backup back up and restore each service.
    const role = (this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('backup.amazonaws.com'),
      managedPolicies: d.roleManagedPolicies.map((p) => iam.ManagedPolicy.fromAwsManagedPolicyName(`service-role/${p}`)),
    }));
    new backup.CfnBackupSelection(this, 'Selection', {
      backupPlanId: this.plan.attrBackupPlanId,
      backupSelection: {
        selectionName: d.selectionName,
        iamRoleArn: role.roleArn,
        resources: d.stores.map((key) => {
          const arn = props.storeArns.get(key);
          if (!arn) throw new Error(`backup: store ${key} has no ARN`);
          return arn;
        }),
      },
    });
  }
}

/** The vault in the secondary region that backup-restore copies into (in its own stack: see dr-stack.ts). */
export class RecoveryVault extends Construct {
  constructor(scope: Construct, id: string, props: { vaultName: string }) {
    super(scope, id);
    retain(new backup.CfnBackupVault(this, 'Vault', { backupVaultName: props.vaultName }));
  }
}

// A vault holding recovery points cannot be deleted anyway; retaining it keeps a stack delete from failing on it.
function retain(r: CfnResource): void {
  r.applyRemovalPolicy(RemovalPolicy.RETAIN);
}
