/*
 * Pure constants of the program that the parity reader imports without the SDK: the names of the
 * program's explicit AWS providers, and what Secrets Manager's hosted single-user rotation deploys.
 */

/** The provider of the design's region. */
export const PRIMARY_PROVIDER = 'aws';

/** The provider of the secondary (disaster-recovery) region. */
export const RECOVERY_PROVIDER = 'aws-recovery';

/** The punctuation a password may hold (Secrets Manager's GenerateSecretString: every printable ASCII punctuation character), in ASCII order. */
export const PUNCTUATION = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';

/**
 * The SAR applications of the hosted single-user rotation functions (what CloudFormation's
 * AWS::SecretsManager-2020-07-23 transform deploys for a HostedRotationLambda), published in us-east-1.
 */
export const ROTATION_APPLICATIONS = {
  'postgresql-single-user': 'arn:aws:serverlessrepo:us-east-1:297356227824:applications/SecretsManagerRDSPostgreSQLRotationSingleUser',
  'mysql-single-user': 'arn:aws:serverlessrepo:us-east-1:297356227824:applications/SecretsManagerRDSMySQLRotationSingleUser',
} as const;
