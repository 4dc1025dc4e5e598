/*
 * The AWS Backup plan read from a mock run: the vault, the plan's rules
 * (with the vault a rule copies into, named "<region>:<name>" by its
 * provider's region), the selected stores by name, the role's AWS managed
 * policies, and the vaults created in other regions.
 */
import type { BackupInventory } from '../inventory';
import type { Context, Inputs } from './context';
import { T } from './resource-types';
import { storeArn } from './store-names';

const MANAGED = /^arn:aws:iam::aws:policy\/(.+)$/;

export function readBackup(ctx: Context): BackupInventory | null {
  const { ofType, byArn, byId, byArnValue, must, regionOf } = ctx;
  const vaults = ofType(T.backupVault);
  const plans = ofType(T.backupPlan);
  const selections = ofType(T.backupSelection);
  if (!vaults.length && !plans.length && !selections.length) return null;
  if (plans.length !== 1 || selections.length !== 1) throw new Error(`parity: the inventory reads one backup plan with one selection; the run has ${plans.length} plans and ${selections.length} selections`);
  const primary = vaults.filter((v) => regionOf(v) === ctx.region);
  if (primary.length !== 1) throw new Error(`parity: the inventory reads one backup vault in ${ctx.region}; the run has ${primary.length}`);
  const vault = primary[0];
  const [plan] = plans;
  const [selection] = selections;
  if (must(byId.get(selection.inputs.planId), `the plan of selection ${selection.name}`) !== plan) throw new Error(`parity: backup selection ${selection.name} is not of plan ${plan.name}`);
  const role = must(byArn(selection.inputs.iamRoleArn), `the role of backup selection ${selection.name}`);
  if (ofType(T.rolePolicy).some((p) => byId.get(p.inputs.role) === role || p.inputs.role === role.inputs.name)) throw new Error(`parity: the backup role ${role.name} has inline policies; the inventory reads its managed policies only`);
  const roleManagedPolicies = ofType(T.rolePolicyAttachment)
    .filter((a) => byId.get(a.inputs.role) === role || a.inputs.role === role.name)
    .map((a) => must(MANAGED.exec(a.inputs.policyArn as string)?.[1], `an AWS managed policy in ${a.name}`));
  const copyTarget = (arn: string): string => {
    const target = must(vaults.find((v) => byArnValue(v) === arn), `the vault ${arn} a backup rule copies into`);
    return `${regionOf(target)}:${target.inputs.name}`;
  };
  return {
    vault: { name: vault.inputs.name, encryption: vault.inputs.kmsKeyArn === undefined ? 'aws-managed' : String(vault.inputs.kmsKeyArn), retain: vault.retainOnDelete === true },
    plan: {
      name: plan.inputs.name,
      rules: (plan.inputs.rules as Inputs[]).map((r) => {
        if (r.targetVaultName !== vault.inputs.name) throw new Error(`parity: backup rule ${r.ruleName} targets ${r.targetVaultName}, not the vault ${vault.inputs.name}`);
        const copies = (r.copyActions ?? []) as Inputs[];
        if (copies.length > 1) throw new Error(`parity: backup rule ${r.ruleName} has ${copies.length} copy actions; the inventory reads one`);
        return {
          name: r.ruleName,
          schedule: r.schedule,
          timezone: r.scheduleExpressionTimezone ?? 'Etc/UTC',
          startWindowMinutes: r.startWindow ?? 60,
          completionWindowMinutes: r.completionWindow ?? 10080,
          deleteAfterDays: must(r.lifecycle?.deleteAfter, `the lifecycle of backup rule ${r.ruleName}`),
          copyTo: copies.length ? { vault: copyTarget(copies[0].destinationVaultArn), deleteAfterDays: must(copies[0].lifecycle?.deleteAfter, `the lifecycle of the copy in rule ${r.ruleName}`) } : null,
        };
      }),
    },
    selection: (selection.inputs.resources as string[]).map((arn) => storeArn(ctx, arn)),
    roleManagedPolicies,
    recoveryVaults: vaults.filter((v) => v !== vault).map((v) => ({ vault: `${regionOf(v)}:${v.inputs.name}`, retain: v.retainOnDelete === true })),
  };
}
