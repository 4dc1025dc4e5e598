import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import type { UserPoolDesign } from '../design';

/**
 * User pools: each GraphQL API's Cognito user pool (auth: cognito) and its one app client, kept when the stack
 * is deleted (mirrors src/cdk/user-pools.ts). Rendered before the GraphQL APIs, which name them.
 */
export class UserPools extends pulumi.ComponentResource {
  /** Each pool's ID, by key (the API's). */
  readonly poolIds = new Map<string, pulumi.Output<string>>();
  /** Each pool's ARN, by key (a REST API's Cognito authorizer names it). */
  readonly poolArns = new Map<string, pulumi.Output<string>>();
  /** Each pool's app client ID, by key: the only client whose tokens its API accepts. */
  readonly clientIds = new Map<string, pulumi.Output<string>>();

  constructor(name: string, args: { userPools: UserPoolDesign[] }, opts?: pulumi.ComponentResourceOptions) {
    super('blueprint:index:UserPools', name, {}, opts);
    const parent = { parent: this };
    for (const d of args.userPools) {
      const prefix = `${name}-user-pool-${d.key}`;
      const pool = new aws.cognito.UserPool(
        prefix,
        {
          name: d.name,
          userPoolTier: d.tier,
          mfaConfiguration: d.mfa,
          // TOTP only (d.enabledMfas: SOFTWARE_TOKEN_MFA): no SMS configuration, no email MFA.
          softwareTokenMfaConfiguration: { enabled: true },
          passwordPolicy: { ...d.passwordPolicy },
          usernameAttributes: [...d.usernameAttributes],
          autoVerifiedAttributes: [...d.autoVerifiedAttributes],
          adminCreateUserConfig: { allowAdminCreateUserOnly: d.adminCreateUserOnly },
          accountRecoverySetting: { recoveryMechanisms: [{ name: d.accountRecovery, priority: 1 }] },
          ...(d.advancedSecurityMode ? { userPoolAddOns: { advancedSecurityMode: d.advancedSecurityMode } } : {}),
          deletionProtection: d.deletionProtection,
        },
        { parent: this, retainOnDelete: d.retain },
      );
      const c = d.client;
      const client = new aws.cognito.UserPoolClient(
        `${prefix}-client`,
        {
          name: c.name,
          userPoolId: pool.id,
          generateSecret: c.generateSecret,
          explicitAuthFlows: [...c.explicitAuthFlows],
          preventUserExistenceErrors: c.preventUserExistenceErrors,
          enableTokenRevocation: c.enableTokenRevocation,
        },
        parent,
      );
      this.poolIds.set(d.key, pool.id);
      this.poolArns.set(d.key, pool.arn);
      this.clientIds.set(d.key, client.id);
    }
    this.registerOutputs({});
  }
}
