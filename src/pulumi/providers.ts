/** The names of the program's explicit AWS providers (pure constants: the parity reader imports them without the SDK). */

/** The provider of the design's region. */
export const PRIMARY_PROVIDER = 'aws';

/** The provider of the secondary (disaster-recovery) region. */
export const RECOVERY_PROVIDER = 'aws-recovery';
