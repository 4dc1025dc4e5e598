import { DefaultStackSynthesizer, Stack, Tags, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { Design } from '../design';
import { RecoveryVault } from './backup';

/**
 * What the disaster-recovery strategy keeps in the secondary region, as a
 * second stack (`<name>-dr`) deployed before the primary one. For
 * backup-restore, that is the vault the backups are copied into.
 */
export class DisasterRecoveryStack extends Stack {
  constructor(scope: Construct, id: string, props: StackProps & { design: Design }) {
    const d = props.design;
    const copy = d.resilience.backup?.rule.copyTo;
    if (!copy) throw new Error('a disaster-recovery stack needs a backup copy in the secondary region');
    super(scope, id, {
      description: `Disaster recovery (${d.resilience.dr.strategy}) of Blueprint ${d.name} in ${copy.region}`,
      env: { region: copy.region },
      synthesizer: new DefaultStackSynthesizer({ generateBootstrapVersionRule: false }),
      ...props,
    });
    new RecoveryVault(this, 'Recovery', { vaultName: copy.vaultName });
    for (const [k, v] of Object.entries(d.tags)) Tags.of(this).add(k, v);
  }
}
