import { z } from 'zod';

/** A stable, lowercase key: used in resource names and logical IDs, so it never changes with list order. */
export const key = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,30}[a-z0-9]$/, 'must be 2-32 lowercase letters, digits or dashes, starting with a letter')
  .describe('A stable lowercase name (2-32 characters: a-z, 0-9, -).');

export const positiveInt = z.number().int().positive();
