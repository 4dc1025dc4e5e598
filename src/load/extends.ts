import { readFileSync } from 'node:fs';
import * as nodePath from 'node:path';
import { BlueprintError, type BlueprintIssue, type Position } from './errors';
import { parseYaml, pathKey, type NodeOrigin } from './yaml';

/** A blueprint document after `extends` is resolved, with where each node was written. */
export interface MergedSource {
  value: Record<string, unknown>;
  origins: Map<string, NodeOrigin>;
  /** The files read, fork first, base last. */
  chain: string[];
}

/**
 * Reads a blueprint and, through `extends`, the bases it forks. The fork
 * overrides its base: maps deep-merge, lists replace, `null` removes a key.
 * Every merged node keeps the position of the file that wrote it.
 */
export function readWithExtends(file: string, displayFile = display(file)): MergedSource {
  return read(nodePath.resolve(file), displayFile, []);
}

function read(absFile: string, shown: string, chain: string[]): MergedSource {
  let text: string;
  try {
    text = readFileSync(absFile, 'utf8');
  } catch (e) {
    throw new BlueprintError([{ file: shown, line: 1, col: 1, path: '', message: `cannot read the file: ${reason(e)}` }]);
  }
  const parsed = parseYaml(shown, text);
  if ('issues' in parsed) throw new BlueprintError(parsed.issues);
  const root = parsed.origins.get('')!.value;
  if (!isMap(parsed.value)) {
    throw new BlueprintError([{ ...root, path: '', message: 'a blueprint is a YAML mapping of keys such as blueprint, name and services' }]);
  }
  const here: MergedSource = { value: parsed.value, origins: parsed.origins, chain: [shown] };
  const base = parsed.value.extends;
  if (base === undefined || base === null) return here;

  const at = parsed.origins.get(pathKey(['extends']))!.value;
  if (typeof base !== 'string' || base.trim() === '') {
    throw new BlueprintError([{ ...at, path: 'extends', message: 'must be the path of a base blueprint, e.g. ./base.yaml' }]);
  }
  const absBase = nodePath.resolve(nodePath.dirname(absFile), base);
  const names = [...chain, shown];
  const seen = [...chain.map((c) => nodePath.resolve(c)), absFile];
  if (seen.includes(absBase) || absBase === absFile) {
    throw new BlueprintError([issueAt(at, `extends cycle: ${[...names, display(absBase)].join(' -> ')}`)]);
  }
  let merged: MergedSource;
  try {
    merged = read(absBase, display(absBase), names);
  } catch (e) {
    const unreadable = e instanceof BlueprintError && e.issues.length === 1 && e.issues[0].file === display(absBase) && e.issues[0].message.startsWith('cannot read');
    if (unreadable) {
      const why = e.issues[0].message.replace('cannot read the file: ', '');
      const what = why === 'no such file' ? 'not found' : `cannot be read: ${why}`;
      throw new BlueprintError([issueAt(at, `base blueprint ${base} ${what} (${display(absBase)}; chain: ${[...names, display(absBase)].join(' -> ')})`)]);
    }
    throw e;
  }
  return { ...mergeInto(merged, here), chain: [shown, ...merged.chain] };
}

function issueAt(at: Position, message: string): BlueprintIssue {
  return { ...at, path: 'extends', message };
}

/** Deep-merges the fork over its base, moving origins along with the values they describe. */
function mergeInto(base: MergedSource, fork: MergedSource): Omit<MergedSource, 'chain'> {
  const origins = new Map(base.origins);
  const value = merge(base.value, fork.value, [], origins, fork.origins) as Record<string, unknown>;
  origins.set('', fork.origins.get('')!);
  return { value, origins };
}

function merge(
  base: unknown,
  over: Record<string, unknown>,
  path: string[],
  origins: Map<string, NodeOrigin>,
  forkOrigins: Map<string, NodeOrigin>,
): Record<string, unknown> {
  const out: Record<string, unknown> = isMap(base) ? { ...base } : {};
  for (const [k, v] of Object.entries(over)) {
    const p = [...path, k];
    if (v === null) {
      delete out[k];
      dropUnder(origins, p);
      // Keep where the removal was written, so "required" points at `key: null`.
      origins.set(pathKey(p), forkOrigins.get(pathKey(p))!);
    } else if (isMap(v) && isMap(out[k])) {
      origins.set(pathKey(p), forkOrigins.get(pathKey(p))!);
      out[k] = merge(out[k], v, p, origins, forkOrigins);
    } else {
      out[k] = v;
      dropUnder(origins, p);
      copyUnder(forkOrigins, origins, p);
    }
  }
  return out;
}

function dropUnder(origins: Map<string, NodeOrigin>, path: string[]) {
  const k = pathKey(path);
  for (const key of [...origins.keys()]) if (key === k || key.startsWith(k + '\0')) origins.delete(key);
}

function copyUnder(from: Map<string, NodeOrigin>, to: Map<string, NodeOrigin>, path: string[]) {
  const k = pathKey(path);
  for (const [key, origin] of from) if (key === k || key.startsWith(k + '\0')) to.set(key, origin);
}

export function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Paths in messages are relative to where the user stands, so they can be clicked. */
function display(abs: string): string {
  const rel = nodePath.relative(process.cwd(), abs);
  return rel && !rel.startsWith('..') ? rel : abs;
}

function reason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'it is a folder, not a file';
  if (code === 'EACCES') return 'permission denied';
  return (e as Error).message;
}
