import type { Blueprint } from '../schema';
import { recorder, type DecisionLog } from './decisions';

/*
 * Cognito user pools, one per API written auth: cognito (apis.<key>.user_pool): users sign in with their email
 * and a strong password, then a one-time code from an authenticator app; the pool is kept (deletion protection,
 * retained) because its users cannot be recreated; one app client, without a secret, for the API's callers.
 */

export interface UserPoolDesign {
  /** The API's key: the pool is the API's. */
  key: string;
  /** `<blueprint>-<key>`. */
  name: string;
  /** Cognito's feature plan: ESSENTIALS (10,000 MAU free) or PLUS (threat protection enforced). */
  tier: 'ESSENTIALS' | 'PLUS';
  /** ON (every sign-in) or OPTIONAL (each user chooses); TOTP only (no SMS, no SNS role). */
  mfa: 'ON' | 'OPTIONAL';
  enabledMfas: ['SOFTWARE_TOKEN_MFA'];
  passwordPolicy: { minimumLength: 12; requireLowercase: true; requireUppercase: true; requireNumbers: true; requireSymbols: true; temporaryPasswordValidityDays: 3 };
  usernameAttributes: ['email'];
  autoVerifiedAttributes: ['email'];
  /** Only administrators create users (AllowAdminCreateUserOnly), unless self sign-up is written. */
  adminCreateUserOnly: boolean;
  /** Account recovery by verified email only. */
  accountRecovery: 'verified_email';
  /** Threat protection (PLUS only): ENFORCED. */
  advancedSecurityMode?: 'ENFORCED';
  /** resilience.deletion_protection: ACTIVE, or INACTIVE when written false. */
  deletionProtection: 'ACTIVE' | 'INACTIVE';
  /** Kept when the stack is deleted (RemovalPolicy RETAIN / retainOnDelete). */
  retain: true;
  /** The one app client: no secret (browsers and apps cannot keep one), SRP sign-in and refresh only. */
  client: {
    name: string;
    generateSecret: false;
    explicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_SRP_AUTH'];
    preventUserExistenceErrors: 'ENABLED';
    enableTokenRevocation: true;
  };
}

/** The pool of a GraphQL API with auth: cognito. */
export function designUserPool(bp: Blueprint, key: string, written: { mfa: 'required' | 'optional'; self_sign_up: boolean; tier: 'essentials' | 'plus' } | undefined, log: DecisionLog): UserPoolDesign {
  const record = recorder(log, 'security', `apis.${key}.user_pool`);
  const mfa = record('mfa', written?.mfa ?? 'required', written ? 'written' : 'default', written?.mfa === 'optional' ? 'written: each user chooses whether to add an authenticator app (AwsSolutions-COG2 acknowledged)' : 'every sign-in asks for a one-time code from an authenticator app (TOTP) after the password: a stolen password alone is not enough (no SMS: it needs an SNS role and bills per message)');
  const tier = record(
    'tier',
    written?.tier ?? 'essentials',
    written ? 'written' : 'default',
    written?.tier === 'plus'
      ? 'written: threat protection enforced (adaptive authentication, compromised-credential checks), $0.020 for every monthly active user'
      : "Cognito's default Essentials plan: 10,000 monthly active users free, then $0.015 each; threat protection is Plus, at $0.020 for every user with no free tier (AwsSolutions-COG8 acknowledged): write user_pool.tier: plus for it",
  );
  record('sign_in', 'email, password of 12+ characters (upper, lower, digit, symbol)', 'default', 'users sign in with a verified email address; passwords of at least 12 characters mixing cases, digits and symbols (AwsSolutions-COG1); temporary passwords expire after 3 days; accounts are recovered by verified email only');
  const selfSignUp = record('self_sign_up', written?.self_sign_up ?? false, written?.self_sign_up ? 'written' : 'default', written?.self_sign_up ? 'written: anyone may sign up, with a verified email address' : 'only administrators create users (each gets an invitation with a temporary password): nobody signs up uninvited; write user_pool.self_sign_up: true for a public app');
  const protect = bp.resilience.deletion_protection;
  record('retain', true, 'default', `its users (and their passwords and MFA devices) cannot be recreated: the pool is kept when the stack is deleted, and ${protect ? 'deletion protection refuses a delete until it is turned off' : 'written resilience.deletion_protection: false: it can be deleted by hand'}`);
  if (mfa === 'optional') log.acknowledge({ rule: 'AwsSolutions-COG2', on: { kind: 'user-pool', pool: key }, reason: `apis.${key}.user_pool.mfa is written optional: each user chooses whether to add an authenticator app` });
  if (tier === 'essentials') log.acknowledge({ rule: 'AwsSolutions-COG8', on: { kind: 'user-pool', pool: key }, reason: `the Essentials plan (10,000 monthly active users free, then $0.015) rather than Plus ($0.020 for every user, no free tier): MFA is ${mfa === 'required' ? 'required' : 'offered'}; write apis.${key}.user_pool.tier: plus for threat protection` });
  return {
    key,
    name: `${bp.name}-${key}`,
    tier: tier === 'plus' ? 'PLUS' : 'ESSENTIALS',
    mfa: mfa === 'required' ? 'ON' : 'OPTIONAL',
    enabledMfas: ['SOFTWARE_TOKEN_MFA'],
    passwordPolicy: { minimumLength: 12, requireLowercase: true, requireUppercase: true, requireNumbers: true, requireSymbols: true, temporaryPasswordValidityDays: 3 },
    usernameAttributes: ['email'],
    autoVerifiedAttributes: ['email'],
    adminCreateUserOnly: !selfSignUp,
    accountRecovery: 'verified_email',
    ...(tier === 'plus' ? { advancedSecurityMode: 'ENFORCED' as const } : {}),
    deletionProtection: protect ? 'ACTIVE' : 'INACTIVE',
    retain: true,
    client: { name: `${bp.name}-${key}-client`, generateSecret: false, explicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_SRP_AUTH'], preventUserExistenceErrors: 'ENABLED', enableTokenRevocation: true },
  };
}

/** Monthly active users Cognito's Essentials plan does not bill, per account. */
export const COGNITO_FREE_TIER_MAU = 10_000;
