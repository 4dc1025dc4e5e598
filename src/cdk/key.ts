import { Aws, Duration, RemovalPolicy, Stack, aws_iam as iam, aws_kms as kms } from 'aws-cdk-lib';
import { Construct, type IConstruct } from 'constructs';
import type { KeyDesign } from '../design';
import { fillKeyPolicy, keyServiceStatements } from '../design/key-policy';
import { fail } from '../fail';

const ID = 'Key';

/**
 * The stack's customer-managed key (security.key): rotated yearly, kept when the stack is deleted. The
 * key policy is CDK's default (the account's root may do everything, so IAM policies grant its use) plus
 * what the design lets AWS services do with it on the account's behalf.
 */
export class StackKey extends Construct {
  readonly key: kms.Key;

  constructor(scope: Stack, design: KeyDesign) {
    super(scope, ID);
    this.key = new kms.Key(this, 'Resource', {
      alias: design.alias,
      description: design.description,
      enableKeyRotation: true,
      rotationPeriod: Duration.days(design.rotationPeriodDays),
      pendingWindow: Duration.days(design.pendingWindowDays),
      removalPolicy: design.retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    for (const statement of serviceStatements(design.services)) this.key.addToResourcePolicy(statement);
  }
}

/** The stack's key, when the design has one: every construct that encrypts with it looks it up here. */
export function stackKey(scope: IConstruct): kms.IKey | undefined {
  return (Stack.of(scope).node.tryFindChild(ID) as StackKey | undefined)?.key;
}

/** The stack's key, for a resource whose design says customer-managed (the design has one then). */
export function customerKey(scope: IConstruct, what: string): kms.IKey {
  return stackKey(scope) ?? fail(`${what}: customer-managed encryption, but the stack has no key`);
}

/** The design's service statements, with CloudFormation's pseudo parameters for partition, region and account. */
function serviceStatements(services: KeyDesign['services']): iam.PolicyStatement[] {
  const fill = (text: string) => fillKeyPolicy(text, { partition: Aws.PARTITION, region: Aws.REGION, account: Aws.ACCOUNT_ID });
  return keyServiceStatements(services).map(
    (st) =>
      new iam.PolicyStatement({
        sid: st.sid,
        principals: [new iam.ServicePrincipal(fill(st.service))],
        actions: st.actions,
        resources: ['*'],
        ...(st.condition ? { conditions: { [st.condition.operator]: { [st.condition.key]: fill(st.condition.value) } } } : {}),
      }),
  );
}
