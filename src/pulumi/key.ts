import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import type { KeyDesign } from '../design';
import { fillKeyPolicy, keyServiceStatements } from '../design/key-policy';

/**
 * The stack's customer-managed key (security.key; mirrors src/cdk/key.ts): symmetric, rotated every
 * rotationPeriodDays, deleted only after pendingWindowDays, kept when the stack is deleted, with its alias.
 * Its key policy lets the account's root do everything (so IAM policies grant its use, as CDK's default
 * key policy does) and the design's services use it on the account's behalf (keyPolicy).
 */
export class StackKey extends pulumi.ComponentResource {
  readonly key: aws.kms.Key;
  /** What every resource it encrypts names (kmsKeyId, kmsMasterKeyId, ...), and what IAM statements grant use of. */
  readonly arn: pulumi.Output<string>;

  constructor(name: string, args: { design: KeyDesign; region: string }, opts?: pulumi.ComponentResourceOptions) {
    super('blueprint:index:Key', name, {}, opts);
    const d = args.design;
    const parent = { parent: this };
    const partition = aws.getPartitionOutput({}, parent).partition;
    const account = aws.getCallerIdentityOutput({}, parent).accountId;
    this.key = new aws.kms.Key(
      `${name}-key`,
      {
        description: d.description,
        keyUsage: 'ENCRYPT_DECRYPT',
        customerMasterKeySpec: 'SYMMETRIC_DEFAULT',
        enableKeyRotation: true,
        rotationPeriodInDays: d.rotationPeriodDays,
        deletionWindowInDays: d.pendingWindowDays,
        policy: pulumi.all([partition, account]).apply(([p, a]) => JSON.stringify(keyPolicy(d.services, p, a, args.region))),
      },
      { parent: this, retainOnDelete: d.retain },
    );
    new aws.kms.Alias(`${name}-key-alias`, { name: d.alias, targetKeyId: this.key.keyId }, parent);
    this.arn = this.key.arn;
    this.registerOutputs({ keyArn: this.arn });
  }
}

/**
 * The key policy: the account's root may do everything; then the design's service statements
 * (keyServiceStatements), in its order, with the partition, region and account filled in.
 */
export function keyPolicy(services: KeyDesign['services'], partition: string, account: string, region: string): { Version: string; Statement: Record<string, unknown>[] } {
  const fill = (text: string) => fillKeyPolicy(text, { partition, region, account });
  const statements: Record<string, unknown>[] = [{ Effect: 'Allow', Principal: { AWS: `arn:${partition}:iam::${account}:root` }, Action: 'kms:*', Resource: '*' }];
  for (const st of keyServiceStatements(services)) {
    statements.push({
      Sid: st.sid,
      Effect: 'Allow',
      Principal: { Service: fill(st.service) },
      // One action as a string, as IAM (and CDK) writes it.
      Action: st.actions.length === 1 ? st.actions[0] : st.actions,
      Resource: '*',
      ...(st.condition ? { Condition: { [st.condition.operator]: { [st.condition.key]: fill(st.condition.value) } } } : {}),
    });
  }
  return { Version: '2012-10-17', Statement: statements };
}

/** The stack's key ARN for something the design encrypts with it, or a clear error when the stack has none. */
export function keyArnFor(key: pulumi.Output<string> | undefined, what: string): pulumi.Output<string> {
  if (!key) throw new Error(`${what} is encrypted with the stack's customer-managed key, but the design has none (security.key)`);
  return key;
}
