import { readFileSync } from 'node:fs';
import { load } from 'js-yaml';
import { USAGE_KEYS, type UsageKey } from '../cost/usage';
import { closest } from '../load/suggest';
import { CliError } from './errors';

/** Reads a --usage file: a YAML mapping of assumption keys to non-negative numbers. Every mistake at once. */
export function readUsageFile(file: string): Partial<Record<UsageKey, number>> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new CliError(`cannot read usage file ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  let doc: unknown;
  try {
    doc = load(text);
  } catch (e) {
    throw new CliError(`usage file ${file}: ${(e as Error).message.split('\n')[0]}`);
  }
  if (doc === undefined || doc === null) return {};
  if (typeof doc !== 'object' || Array.isArray(doc)) throw new CliError(`usage file ${file}: expected a mapping of assumption keys to numbers`);
  const known: string[] = USAGE_KEYS;
  const problems: string[] = [];
  const out: Partial<Record<UsageKey, number>> = {};
  for (const [k, v] of Object.entries(doc)) {
    if (!known.includes(k)) {
      const guess = closest(k, known);
      problems.push(`${k}: unknown assumption${guess ? ` (did you mean ${guess}?)` : ''}`);
    } else if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
      problems.push(`${k}: must be a number >= 0 (got ${JSON.stringify(v)})`);
    } else {
      out[k as UsageKey] = v;
    }
  }
  if (problems.length) throw new CliError(`usage file ${file}: ${problems.join('; ')}`, `Known assumptions: ${known.join(', ')}.`);
  return out;
}
