import type { z } from 'zod';
import { blueprintSchema, type Blueprint } from '../schema';
import { UNSUPPORTED } from '../schema/support';
import { formatPath, type BlueprintIssue, type Position } from './errors';
import { keysAt } from './schema-keys';
import { closest } from './suggest';
import { pathKey, type NodeOrigin, type PathSegment } from './yaml';
import { isMap } from './extends';

/** Finds where a path was written: the node itself, or its nearest written ancestor. */
export function locate(origins: Map<string, NodeOrigin>, path: readonly PathSegment[], at: 'key' | 'value' = 'value'): Position {
  for (let n = path.length; n >= 0; n--) {
    const o = origins.get(pathKey(path.slice(0, n)));
    // A missing key is reported at its parent's key (`web:`), where it would be added.
    if (o) return (at === 'key' && o.key) || o.value;
  }
  return { file: '?', line: 1, col: 1 };
}

/** Parses the merged document with the zod schema and turns every zod issue into a positioned message. */
export function validateShape(value: unknown, origins: Map<string, NodeOrigin>): { blueprint?: Blueprint; issues: BlueprintIssue[] } {
  const result = blueprintSchema.safeParse(value);
  if (result.success) return { blueprint: result.data, issues: [] };
  const issues = withoutSafeIntegerNoise(result.error.issues).flatMap((i) => fromZod(i, value, origins));
  return { blueprint: repaired(value, result.error.issues), issues };
}

/**
 * The blueprint with its failing keys removed (or, where required, replaced by
 * a placeholder), if that parses: lets the cross-field checks run as well, so
 * a user sees every error in one pass. Checks that land on a replaced key are
 * dropped by the caller, since they would speak of the placeholder.
 */
function repaired(value: unknown, bad: z.core.$ZodIssue[]): Blueprint | undefined {
  const copy = structuredClone(value);
  let issues = bad;
  // How often each path was repaired: a value removed, then its placeholder, failing still (a required value
  // of a format no placeholder fits, an item of a list) has the key above it removed instead.
  const tries = new Map<string, number>();
  for (let round = 0; round < 5; round++) {
    const now = new Set<string>();
    for (const issue of issues.flatMap((i) => unionOption(i, valueAt(copy, i.path as PathSegment[])) ?? [i])) {
      // A store whose engine is wrong has no shape to check against: drop it whole.
      const discriminator = issue.code === 'invalid_union' && (issue as { discriminator?: string }).discriminator !== undefined;
      const paths = issue.code === 'unrecognized_keys' ? issue.keys.map((k) => [...issue.path, k]) : discriminator ? [issue.path.slice(0, -1)] : [issue.path];
      for (let p of paths) {
        let climbed = false;
        while (p.length > 1 && (tries.get(pathKey(p as PathSegment[])) ?? 0) >= 2) {
          p = p.slice(0, -1);
          climbed = true;
        }
        now.add(pathKey(p as PathSegment[]));
        const parent = valueAt(copy, p.slice(0, -1) as PathSegment[]);
        if (!parent || typeof parent !== 'object') continue;
        const k = p[p.length - 1] as PropertyKey;
        const missing = (parent as Record<PropertyKey, unknown>)[k] === undefined;
        const fill = climbed ? undefined : placeholder(issue, missing);
        if (fill === undefined) delete (parent as Record<PropertyKey, unknown>)[k];
        else (parent as Record<PropertyKey, unknown>)[k] = fill;
      }
    }
    for (const k of now) tries.set(k, (tries.get(k) ?? 0) + 1);
    const retry = blueprintSchema.safeParse(copy);
    if (retry.success) return retry.data;
    issues = retry.error.issues;
  }
  return undefined;
}

/**
 * A mapping that no option of a union (e.g. a resolver's forms) took: the problems of the one option whose keys
 * it has (no unknown or missing key), their paths from the root, when exactly one does; otherwise undefined
 * (zod's "Invalid input" stands).
 */
function unionOption(issue: z.core.$ZodIssue, input: unknown): z.core.$ZodIssue[] | undefined {
  if (issue.code !== 'invalid_union' || input === null || typeof input !== 'object' || Array.isArray(input)) return undefined;
  const options = ((issue as { errors?: z.core.$ZodIssue[][] }).errors ?? []).filter((o) => o.length && o.every((i) => i.code !== 'unrecognized_keys' && !(i.code === 'invalid_type' && (i.path.length === 0 || i.input === undefined))));
  return options.length === 1 ? options[0].map((i) => ({ ...i, path: [...issue.path, ...i.path] }) as z.core.$ZodIssue) : undefined;
}

function placeholder(issue: z.core.$ZodIssue, missing: boolean): unknown {
  if (issue.code === 'invalid_value') return issue.values[0];
  if (issue.code !== 'invalid_type' || !missing) return undefined;
  return ({ string: 'placeholder', number: 1, boolean: false, object: {}, record: {}, array: [] } as Record<string, unknown>)[issue.expected];
}

/** zod's int() adds a ±2^53 bound; say it only when no real bound was broken at the same path. */
function withoutSafeIntegerNoise(issues: z.core.$ZodIssue[]): z.core.$ZodIssue[] {
  const isNoise = (i: z.core.$ZodIssue) =>
    (i.code === 'too_big' && i.maximum === Number.MAX_SAFE_INTEGER) || (i.code === 'too_small' && i.minimum === Number.MIN_SAFE_INTEGER);
  const key = (i: z.core.$ZodIssue) => i.path.join('\0');
  const real = new Set(issues.filter((i) => !isNoise(i)).map(key));
  return issues.filter((i) => !isNoise(i) || !real.has(key(i)));
}

function fromZod(issue: z.core.$ZodIssue, root: unknown, origins: Map<string, NodeOrigin>): BlueprintIssue[] {
  const path = issue.path as PathSegment[];
  if (issue.code === 'unrecognized_keys') {
    const known = keysAt(blueprintSchema, path, root);
    return issue.keys.map((k) => {
      const guess = closest(k, known);
      const hint = guess ? `did you mean "${guess}"?` : `expected one of: ${known.join(', ')}`;
      return { ...locate(origins, [...path, k], 'key'), path: formatPath([...path, k]), message: `unknown key (${hint})` };
    });
  }
  if (issue.code === 'invalid_key') {
    const why = issue.issues.map((i) => i.message).join('; ');
    return [{ ...locate(origins, path, 'key'), path: formatPath(path), message: `invalid name "${String(path[path.length - 1])}": ${why}` }];
  }
  const input = valueAt(root, path);
  const chosen = unionOption(issue, input);
  if (chosen) return chosen.flatMap((i) => fromZod(i, root, origins));
  return [{ ...locate(origins, path, input === undefined ? 'key' : 'value'), path: formatPath(path), message: describe(issue, input) }];
}

/** Plain-English messages: "must be at least 1", not zod's "Too small: expected number to be >=1". */
function describe(issue: z.core.$ZodIssue, input: unknown): string {
  if (input === undefined && (issue.code === 'invalid_type' || issue.code === 'invalid_value')) return 'required';
  switch (issue.code) {
    case 'invalid_type':
      if (input === undefined) return 'required';
      return `must be ${article(issue.expected)} (got ${show(input)})`;
    case 'too_small':
      if (issue.origin === 'array') return `must have at least ${issue.minimum} item${issue.minimum === 1 ? '' : 's'}`;
      if (issue.origin === 'string') return issue.minimum === 1 ? 'must not be empty' : `must be at least ${issue.minimum} characters`;
      return `must be ${issue.inclusive ? 'at least' : 'greater than'} ${issue.minimum} (got ${show(input)})`;
    case 'too_big':
      // A limit the schema explains (a custom message rather than zod's "Too big: ..."): say why too.
      return `must be ${issue.inclusive ? 'at most' : 'less than'} ${issue.maximum} (got ${show(input)})${issue.message.startsWith('Too big') ? '' : `: ${issue.message}`}`;
    case 'invalid_value': {
      const allowed = issue.values.map((v) => JSON.stringify(v));
      if (allowed.length === 1) return `must be ${allowed[0]} (got ${show(input)})`;
      const guess = typeof input === 'string' ? closest(input, issue.values.map(String)) : undefined;
      return `must be one of ${allowed.join(', ')} (got ${show(input)})${guess ? `; did you mean "${guess}"?` : ''}`;
    }
    case 'invalid_format':
      if (issue.format === 'email') return `must be an email address (got ${show(input)})`;
      if (issue.format === 'starts_with') return `must start with "${(issue as { prefix?: string }).prefix}" (got ${show(input)})`;
      return `${issue.message} (got ${show(input)})`;
    case 'invalid_union': {
      const union = issue as { discriminator?: string; options?: unknown[] };
      if (!union.options) return `${issue.message}${input === undefined ? '' : ` (got ${show(input)})`}`;
      if (input === undefined) return `required: one of ${union.options.map((o) => JSON.stringify(o)).join(', ')}`;
      const guess = typeof input === 'string' ? closest(input, union.options.map(String)) : undefined;
      return `must be one of ${union.options.map((o) => JSON.stringify(o)).join(', ')} (got ${show(input)})${guess ? `; did you mean "${guess}"?` : ''}`;
    }
    case 'not_multiple_of':
      return `must be a multiple of ${issue.divisor} (got ${show(input)})`;
    default:
      return `${issue.message}${input === undefined ? '' : ` (got ${show(input)})`}`;
  }
}

function article(type: string): string {
  if (type === 'object' || type === 'record') return 'a mapping of keys to values';
  if (type === 'array') return 'a list';
  if (type === 'int') return 'a whole number';
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function show(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'number' && !Number.isFinite(v)) return Number.isNaN(v) ? '.nan' : v > 0 ? '.inf' : '-.inf';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  return JSON.stringify(v);
}

export function valueAt(root: unknown, path: readonly PathSegment[]): unknown {
  let node = root;
  for (const seg of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[seg];
  }
  return node;
}

/** Keys the schema accepts but nothing renders yet: an error at their line, never silently ignored. */
export function findUnsupported(root: unknown, origins: Map<string, NodeOrigin>): BlueprintIssue[] {
  const issues: BlueprintIssue[] = [];
  for (const rule of UNSUPPORTED) {
    for (const path of expand(root, rule.path.split('.'))) {
      const v = valueAt(root, path);
      if (v === undefined || v === null) continue;
      // A list (e.g. requirements.compliance) is checked item by item, each reported at its own line.
      const items: [unknown, (string | number)[]][] = rule.values && Array.isArray(v) ? v.map((x, i) => [x, [...path, i]]) : [[v, path]];
      for (const [x, at] of items) {
        if (rule.values && !rule.values.includes(x)) continue;
        const message = rule.values ? `${JSON.stringify(x)} is not yet supported: ${rule.reason}` : `not yet supported: ${rule.reason}`;
        issues.push({ ...locate(origins, at, rule.values ? 'value' : 'key'), path: formatPath(at), message });
      }
    }
  }
  return issues;
}

/** Expands `*` segments against the document's own keys. */
function expand(root: unknown, pattern: string[], prefix: PathSegment[] = []): PathSegment[][] {
  if (pattern.length === 0) return [prefix];
  const [head, ...rest] = pattern;
  const node = valueAt(root, prefix);
  if (!isMap(node)) return [];
  const keys = head === '*' ? Object.keys(node) : head in node ? [head] : [];
  return keys.flatMap((k) => expand(root, rest, [...prefix, k]));
}
