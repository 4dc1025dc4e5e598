/*
 * Blueprint's CrossGuard policies: the invariants the design guarantees, checked on what a Pulumi
 * program actually registers (`pulumi preview --policy-pack policy`). One policy per file in rules/,
 * each a pure function of the stack's resources (as cdk-nag's rules are of a CloudFormation resource).
 */
import type { StackValidationPolicy } from '@pulumi/policy';
import { costWithinBudget } from './rules/cost-within-budget';
import { deletionProtection } from './rules/deletion-protection';
import { encryptionAtRest } from './rules/encryption-at-rest';
import { encryptionInTransit } from './rules/encryption-in-transit';
import { apisProtected } from './rules/apis-protected';
import { functionsContained } from './rules/functions-contained';
import { logRetention } from './rules/log-retention';
import { noPublicBuckets } from './rules/no-public-buckets';
import { noPublicDatabases } from './rules/no-public-databases';
import { noWildcardIam } from './rules/no-wildcard-iam';
import { wafOnPublicEntryPoints } from './rules/waf-on-public-entry-points';
import { sitesPrivateOrigin } from './rules/sites-private-origin';

export const policies: StackValidationPolicy[] = [encryptionAtRest, encryptionInTransit, noPublicDatabases, noPublicBuckets, noWildcardIam, logRetention, deletionProtection, wafOnPublicEntryPoints, functionsContained, apisProtected, sitesPrivateOrigin, costWithinBudget];
