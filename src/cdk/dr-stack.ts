import { DefaultStackSynthesizer, Stack, Tags, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { BucketDesign, Design } from '../design';
import { AccessLogs } from './access-logs';
import { acknowledgeFindings } from './acknowledgements';
import { RecoveryVault } from './backup';
import { ReplicaBucket } from './replication';

/**
 * What the primary stack relies on in the secondary region (design.resilience.secondary), as a
 * second stack (`<name>-dr`) deployed before the primary one: the vault backups are copied into
 * (backup-restore), and the replicas buckets replicate into (`Replica-<key>`).
 */
export class DisasterRecoveryStack extends Stack {
  /** Bucket key -> its replica. */
  readonly replicas = new Map<string, ReplicaBucket>();

  constructor(scope: Construct, id: string, props: StackProps & { design: Design }) {
    const d = props.design;
    const secondary = d.resilience.secondary;
    if (!secondary) throw new Error('a disaster-recovery stack needs something in the secondary region (design.resilience.secondary)');
    super(scope, id, {
      description:
        d.resilience.dr.strategy === 'none'
          ? `Replicas of Blueprint ${d.name} in ${secondary.region}`
          : `Disaster recovery (${d.resilience.dr.strategy}) of Blueprint ${d.name} in ${secondary.region}`,
      env: { region: secondary.region },
      synthesizer: new DefaultStackSynthesizer({ generateBootstrapVersionRule: false }),
      ...props,
    });
    if (secondary.recoveryVault) new RecoveryVault(this, 'Recovery', { vaultName: secondary.recoveryVault });
    // The replicas' server access logs go to a bucket of this region: this stack's own.
    const accessLogs = secondary.accessLogs && new AccessLogs(this, 'AccessLogs', { design: secondary.accessLogs });
    for (const key of secondary.replicas) {
      const source = d.stores.find((s): s is BucketDesign => s.kind === 'bucket' && s.key === key);
      if (!source?.replication) throw new Error(`secondary region: ${key} is not a replicated bucket`);
      this.replicas.set(key, new ReplicaBucket(this, `Replica-${key}`, { source, accessLogs }));
    }
    for (const [k, v] of Object.entries(d.tags)) Tags.of(this).add(k, v);
    acknowledgeFindings(this, d.acknowledgements, { stack: 'disaster-recovery', accessLogs });
  }
}
