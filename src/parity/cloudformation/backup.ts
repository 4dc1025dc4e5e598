/*
 * The AWS Backup plan of a template: its vault, the plan's rules (a copy
 * target named "<region>:<vault name>" from its ARN), the selected stores by
 * name, the role's AWS managed policies, and the vaults of the
 * disaster-recovery template (the secondary region's stack, read by
 * secondary.ts) as recovery vaults.
 */
import type { BackupInventory } from '../inventory';
import type { Context } from './context';
import { T } from './resource-types';
import { fail, list, obj, onlyKnown, pseudoParameter, refOf, Resolver } from './template';

/** Strings with pseudo parameters kept as ${AWS::...}; any other reference throws. */
const pseudo = new Resolver((ref, where) => pseudoParameter(ref) ?? fail(where, `${ref.id} is not a pseudo parameter`));
const VAULT_ARN = /^arn:\$\{AWS::Partition\}:backup:([a-z0-9-]+):\$\{AWS::AccountId\}:backup-vault:(.+)$/;
const MANAGED = /^arn:\$\{AWS::Partition\}:iam::aws:policy\/(.+)$/;

/** `recoveryVaults`: the vaults of the disaster-recovery template (secondary.ts). */
export function readBackup(x: Context, recoveryVaults: BackupInventory['recoveryVaults']): BackupInventory | null {
  const { t, r } = x;
  const vaults = t.ofType(T.backupVault);
  const plans = t.ofType(T.backupPlan);
  const selections = t.ofType(T.backupSelection);
  if (!vaults.length && !plans.length && !selections.length) {
    if (recoveryVaults.length) fail('the disaster-recovery template', 'has vaults, but the primary template has no backup plan copying into them');
    return null;
  }
  if (vaults.length !== 1 || plans.length !== 1 || selections.length !== 1) {
    fail(t.where((vaults[1] ?? plans[1] ?? selections[1] ?? vaults[0] ?? plans[0])!), `the inventory reads one backup vault, plan and selection; the template has ${vaults.length}, ${plans.length} and ${selections.length}`);
  }
  const [vault, plan, selection] = [vaults[0], plans[0], selections[0]];
  onlyKnown(t, vault, ['BackupVaultName', 'EncryptionKeyArn', 'BackupVaultTags'], 'a backup vault');
  const vaultName = r.str(t.props(vault).BackupVaultName, t.where(vault, 'BackupVaultName'));
  const kms = t.props(vault).EncryptionKeyArn;

  const p = obj(t.props(plan).BackupPlan, t.where(plan, 'BackupPlan'));
  const rules = list(p.BackupPlanRule, t.where(plan, 'BackupPlan.BackupPlanRule')).map((v, i) => {
    const where = t.where(plan, `BackupPlan.BackupPlanRule[${i}]`);
    const rule = obj(v, where);
    if (t.target(rule.TargetBackupVault, [T.backupVault], `${where}.TargetBackupVault`) !== vault || refOf(rule.TargetBackupVault)!.attr !== 'BackupVaultName') {
      fail(`${where}.TargetBackupVault`, `is not the name of ${vault}`);
    }
    const copies = list(rule.CopyActions, `${where}.CopyActions`);
    if (copies.length > 1) fail(`${where}.CopyActions`, `has ${copies.length} copy actions; the inventory reads one`);
    const copy = copies.length ? obj(copies[0], `${where}.CopyActions[0]`) : undefined;
    return {
      name: r.str(rule.RuleName, `${where}.RuleName`),
      schedule: r.str(rule.ScheduleExpression, `${where}.ScheduleExpression`),
      timezone: r.optStr(rule.ScheduleExpressionTimezone, `${where}.ScheduleExpressionTimezone`) ?? 'Etc/UTC',
      startWindowMinutes: r.numOr(rule.StartWindowMinutes, 60, `${where}.StartWindowMinutes`),
      completionWindowMinutes: r.numOr(rule.CompletionWindowMinutes, 10080, `${where}.CompletionWindowMinutes`),
      deleteAfterDays: r.num(obj(rule.Lifecycle, `${where}.Lifecycle`).DeleteAfterDays, `${where}.Lifecycle.DeleteAfterDays`),
      copyTo: copy ? { vault: vaultOfArn(copy.DestinationBackupVaultArn, `${where}.CopyActions[0].DestinationBackupVaultArn`), deleteAfterDays: r.num(obj(copy.Lifecycle, `${where}.CopyActions[0].Lifecycle`).DeleteAfterDays, `${where}.CopyActions[0].Lifecycle.DeleteAfterDays`) } : null,
    };
  });

  const s = obj(t.props(selection).BackupSelection, t.where(selection, 'BackupSelection'));
  if (t.target(t.props(selection).BackupPlanId, [T.backupPlan], t.where(selection, 'BackupPlanId')) !== plan) fail(t.where(selection, 'BackupPlanId'), `is not ${plan}`);
  const role = t.target(s.IamRoleArn, ['AWS::IAM::Role'], t.where(selection, 'BackupSelection.IamRoleArn'));
  const roleProps = t.props(role);
  if (roleProps.Policies !== undefined || t.ofType('AWS::IAM::Policy').some((id) => list(t.props(id).Roles, t.where(id, 'Roles')).some((v) => refOf(v)?.id === role))) {
    fail(t.where(role), 'the backup role has inline policies; the inventory reads its AWS managed policies only');
  }
  const roleManagedPolicies = list(roleProps.ManagedPolicyArns, t.where(role, 'ManagedPolicyArns')).map((v, i) => {
    const where = t.where(role, `ManagedPolicyArns[${i}]`);
    return MANAGED.exec(pseudo.str(v, where))?.[1] ?? fail(where, 'is not an AWS managed policy');
  });
  const selected = list(s.Resources, t.where(selection, 'BackupSelection.Resources')).map((v, i) => {
    const where = t.where(selection, `BackupSelection.Resources[${i}]`);
    const ref = refOf(v) ?? fail(where, 'is not a reference to a store');
    const type = t.type(ref.id);
    // A database is selected by its ARN attribute; buckets and tables as IAM names them.
    if ((type === T.dbInstance && ref.attr === 'DBInstanceArn') || (type === T.dbCluster && ref.attr === 'DBClusterArn')) return x.names.stores.of(ref.id);
    return x.names.stores.arn(ref) ?? fail(where, `${ref.id} ${ref.attr} is not the ARN of a data store`);
  });

  return {
    vault: { name: vaultName, encryption: kms === undefined ? 'aws-managed' : r.str(kms, t.where(vault, 'EncryptionKeyArn')), retain: t.retained(vault) },
    plan: { name: r.str(p.BackupPlanName, t.where(plan, 'BackupPlan.BackupPlanName')), rules },
    selection: selected,
    roleManagedPolicies,
    recoveryVaults,
  };
}

/** "<region>:<name>" of a vault ARN built from its name (a reference across regions cannot be a Ref). */
function vaultOfArn(v: unknown, where: string): string {
  const m = VAULT_ARN.exec(pseudo.str(v, where)) ?? fail(where, 'is not a backup vault ARN of this account');
  return `${m[1]}:${m[2]}`;
}
