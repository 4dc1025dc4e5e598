import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import type { BackupDesign } from '../design';
import { assumeRolePolicy } from './iam';

/**
 * The AWS Backup plan over the stateful stores (mirrors src/cdk/backup.ts):
 * a vault with the AWS-managed key, one rule on the design's schedule (with a
 * copy into the secondary region's vault for backup-restore), a selection of
 * exactly the design's stores, and the role AWS Backup assumes.
 */
export class Backup extends pulumi.ComponentResource {
  constructor(
    name: string,
    args: {
      design: BackupDesign;
      storeArns: ReadonlyMap<string, pulumi.Input<string>>;
      /** The provider of the secondary region, for the vault backups are copied into. */
      recoveryProvider?: aws.Provider;
    },
    opts?: pulumi.ComponentResourceOptions,
  ) {
    super('blueprint:index:Backup', name, {}, opts);
    const d = args.design;
    const parent = { parent: this };
    // A vault holding recovery points cannot be deleted anyway; retained, it never fails a destroy.
    const vault = new aws.backup.Vault(`${name}-backup-vault`, { name: d.vaultName }, { parent: this, retainOnDelete: true });
    const r = d.rule;
    let copyTarget: aws.backup.Vault | undefined;
    if (r.copyTo) {
      if (!args.recoveryProvider) throw new Error('a backup copy needs the secondary region\'s provider');
      copyTarget = new aws.backup.Vault(`${name}-recovery-vault`, { name: r.copyTo.vaultName }, { parent: this, retainOnDelete: true, provider: args.recoveryProvider });
    }
    const plan = new aws.backup.Plan(
      `${name}-backup-plan`,
      {
        name: d.planName,
        rules: [
          {
            ruleName: r.name,
            targetVaultName: vault.name,
            schedule: r.schedule,
            scheduleExpressionTimezone: r.timezone,
            startWindow: r.startWindowMinutes,
            completionWindow: r.completionWindowMinutes,
            lifecycle: { deleteAfter: r.deleteAfterDays },
            copyActions: r.copyTo && copyTarget ? [{ destinationVaultArn: copyTarget.arn, lifecycle: { deleteAfter: r.copyTo.deleteAfterDays } }] : undefined,
          },
        ],
      },
      parent,
    );
    // AWS's service-role policies are the documented way to let AWS Backup back up and restore each service.
    // The partition (aws, aws-cn, aws-us-gov) from the vault's own ARN: no lookup of the caller.
    const partition = vault.arn.apply((arn) => arn.split(':')[1]);
    const role = new aws.iam.Role(`${name}-backup-role`, { assumeRolePolicy: assumeRolePolicy('backup.amazonaws.com') }, parent);
    for (const policy of d.roleManagedPolicies) {
      new aws.iam.RolePolicyAttachment(`${name}-backup-role-${policy}`, { role: role.name, policyArn: pulumi.interpolate`arn:${partition}:iam::aws:policy/service-role/${policy}` }, parent);
    }
    new aws.backup.Selection(
      `${name}-backup-selection`,
      {
        name: d.selectionName,
        planId: plan.id,
        iamRoleArn: role.arn,
        resources: d.stores.map((key) => {
          const arn = args.storeArns.get(key);
          if (!arn) throw new Error(`backup: store ${key} has no ARN`);
          return arn;
        }),
      },
      parent,
    );
    this.registerOutputs({});
  }
}
