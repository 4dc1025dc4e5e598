import { RemovalPolicy, aws_cognito as cognito } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { UserPoolDesign } from '../design';

/**
 * Cognito user pools, one construct per pool (`Pool-<key>`): the pool (`Pool`, retained) and its one app
 * client (`Client`). Every property is the design's (L1 resources).
 */
export class UserPools extends Construct {
  readonly pools = new Map<string, { pool: cognito.CfnUserPool; client: cognito.CfnUserPoolClient }>();

  constructor(scope: Construct, id: string, props: { pools: UserPoolDesign[] }) {
    super(scope, id);
    for (const d of props.pools) {
      const s = new Construct(this, `Pool-${d.key}`);
      const pool = new cognito.CfnUserPool(s, 'Pool', {
        userPoolName: d.name,
        userPoolTier: d.tier,
        mfaConfiguration: d.mfa,
        enabledMfas: d.enabledMfas,
        policies: { passwordPolicy: d.passwordPolicy },
        usernameAttributes: d.usernameAttributes,
        autoVerifiedAttributes: d.autoVerifiedAttributes,
        adminCreateUserConfig: { allowAdminCreateUserOnly: d.adminCreateUserOnly },
        accountRecoverySetting: { recoveryMechanisms: [{ name: d.accountRecovery, priority: 1 }] },
        ...(d.advancedSecurityMode ? { userPoolAddOns: { advancedSecurityMode: d.advancedSecurityMode } } : {}),
        deletionProtection: d.deletionProtection,
      });
      // Its users cannot be recreated: kept when the stack goes.
      pool.applyRemovalPolicy(RemovalPolicy.RETAIN);
      const client = new cognito.CfnUserPoolClient(s, 'Client', {
        userPoolId: pool.ref,
        clientName: d.client.name,
        generateSecret: d.client.generateSecret,
        explicitAuthFlows: d.client.explicitAuthFlows,
        preventUserExistenceErrors: d.client.preventUserExistenceErrors,
        enableTokenRevocation: d.client.enableTokenRevocation,
      });
      this.pools.set(d.key, { pool, client });
    }
  }
}
