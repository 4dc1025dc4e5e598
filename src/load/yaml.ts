import { CORE_SCHEMA, EVENT_ID, SCALAR_STYLE, constructFromEvents, getScalarValue, parseEvents, type Event, type ScalarEvent } from 'js-yaml';
import { formatPath, type BlueprintIssue, type Position } from './errors';

export type PathSegment = string | number;

/** Where a node was written: the key (for map entries) and the value. */
export interface NodeOrigin {
  key?: Position;
  value: Position;
}

/** A parsed YAML document and where each of its nodes was written, keyed by pathKey(). */
export interface ParsedYaml {
  value: unknown;
  origins: Map<string, NodeOrigin>;
}

/** A stable map key for a path (NUL cannot appear in YAML keys we accept). */
export function pathKey(path: readonly PathSegment[]): string {
  return path.join('\0');
}

// An alias bomb ("billion laughs") would otherwise expand without bound.
const MAX_ALIASES = 100;

/**
 * Parses one YAML document with js-yaml's safe core schema and records the
 * line and column of every key and value from js-yaml's event stream (its
 * values carry no positions). Duplicate keys are all reported, not just the first.
 */
export function parseYaml(file: string, source: string): ParsedYaml | { issues: BlueprintIssue[] } {
  const at = lineIndex(file, source);
  let events: Event[];
  try {
    events = parseEvents(source, { filename: file, maxDepth: 50 });
  } catch (e) {
    return { issues: [yamlIssue(file, e, source, at)] };
  }
  const documents = events.filter((e) => e.type === EVENT_ID.DOCUMENT);
  const docs = documents.length;
  if (docs === 0) return { issues: [{ ...at(0), path: '', message: 'the file is empty: a blueprint needs at least `blueprint: 1`, `name` and `services`' }] };
  if (docs > 1) {
    // The second document starts at the first --- (or the second, when the first document opens with one).
    const markers = [...source.matchAll(/^---(?=\s|$)/gm)].map((m) => m.index);
    const second = markers[(documents[0] as { explicitStart: boolean }).explicitStart ? 1 : 0] ?? 0;
    return { issues: [{ ...at(second), path: '', message: `a blueprint file holds exactly one YAML document (found ${docs}: a second one starts here)` }] };
  }

  const { origins, issues } = walk(events, source, at);
  if (issues.length) return { issues };
  try {
    const [value] = constructFromEvents(events, { source, filename: file, schema: CORE_SCHEMA, maxAliases: MAX_ALIASES });
    return { value, origins };
  } catch (e) {
    return { issues: [yamlIssue(file, e, source, at)] };
  }
}

interface Frame {
  kind: 'map' | 'seq';
  path: PathSegment[];
  index: number; // next sequence index
  offset: number; // where the collection starts
  key?: { name: string; pos: Position; offset: number }; // map: key waiting for its value
  seen?: Map<string, Position>; // map: keys written so far
}

function walk(events: Event[], source: string, at: (offset: number) => Position) {
  const origins = new Map<string, NodeOrigin>();
  const issues: BlueprintIssue[] = [];
  const stack: Frame[] = [];

  // Called for each node that is a value (of a map entry, a sequence item, or the root).
  const place = (offset: number): PathSegment[] | undefined => {
    const top = stack[stack.length - 1];
    if (!top) {
      origins.set(pathKey([]), { value: at(offset) });
      return [];
    }
    if (top.kind === 'seq') {
      const path = [...top.path, top.index++];
      origins.set(pathKey(path), { value: at(offset) });
      return path;
    }
    const key = top.key!;
    top.key = undefined;
    const path = [...top.path, key.name];
    origins.set(pathKey(path), { key: key.pos, value: at(offset) });
    return path;
  };
  // An empty value (`name:`) has no text: point at its key, or at its parent.
  const emptyValueOffset = (): number => {
    const top = stack[stack.length - 1];
    return top?.key ? top.key.offset : (top?.offset ?? 0);
  };
  // In a map, a node is a key when no key is waiting for its value.
  const isKey = () => {
    const top = stack[stack.length - 1];
    return top?.kind === 'map' && top.key === undefined;
  };
  const takeKey = (name: string, offset: number) => {
    const top = stack[stack.length - 1];
    const pos = at(offset);
    const first = top.seen!.get(name);
    if (name === '<<') {
      issues.push({ ...pos, path: formatPath([...top.path, name]), message: 'YAML merge keys (<<) are not supported: share settings between blueprints with `extends` instead' });
    } else if (name === '__proto__' || name === 'constructor' || name === 'prototype') {
      issues.push({ ...pos, path: formatPath([...top.path, name]), message: `"${name}" is a reserved name; choose another key` });
    } else if (first) {
      issues.push({ ...pos, path: formatPath([...top.path, name]), message: `duplicate key (first written at line ${first.line})` });
    } else {
      top.seen!.set(name, pos);
    }
    top.key = { name, pos, offset };
  };

  // Anchored scalars, so that an alias used as a key is known by its value.
  const anchors = new Map<string, string>();
  for (const e of events) {
    switch (e.type) {
      case EVENT_ID.SCALAR: {
        const text = getScalarValue(source, e);
        if (e.anchorStart >= 0) anchors.set(source.slice(e.anchorStart, e.anchorEnd), text);
        if (isKey()) takeKey(text, scalarOffset(source, e));
        else place(e.valueStart < 0 ? emptyValueOffset() : scalarOffset(source, e));
        break;
      }
      case EVENT_ID.ALIAS: {
        // anchorStart is just after the "*".
        const name = source.slice(e.anchorStart, e.anchorEnd);
        if (isKey()) takeKey(anchors.get(name) ?? `*${name}`, e.anchorStart - 1);
        else place(e.anchorStart - 1);
        break;
      }
      case EVENT_ID.MAPPING:
      case EVENT_ID.SEQUENCE: {
        if (isKey()) {
          issues.push({ ...at(e.start), path: formatPath(stack[stack.length - 1].path), message: 'keys must be plain names, not lists or maps' });
          stack[stack.length - 1].key = { name: '?complex', pos: at(e.start), offset: e.start };
        }
        const path = place(e.start) ?? [];
        stack.push(e.type === EVENT_ID.MAPPING ? { kind: 'map', path, index: 0, offset: e.start, seen: new Map() } : { kind: 'seq', path, index: 0, offset: e.start });
        break;
      }
      case EVENT_ID.POP:
        stack.pop();
        break;
    }
  }
  return { origins, issues };
}

/** offset -> 1-based line and column. */
function lineIndex(file: string, source: string): (offset: number) => Position {
  const starts = [0];
  for (let i = 0; i < source.length; i++) if (source.charCodeAt(i) === 10) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { file, line: lo + 1, col: offset - starts[lo] + 1 };
  };
}

/** Where a scalar's text starts: on the opening quote, or on the | or > of a block scalar. */
function scalarOffset(source: string, e: ScalarEvent): number {
  if (e.style === SCALAR_STYLE.SINGLE_QUOTED || e.style === SCALAR_STYLE.DOUBLE_QUOTED) return e.valueStart - 1;
  if (e.style === SCALAR_STYLE.LITERAL_BLOCK || e.style === SCALAR_STYLE.FOLDED_BLOCK) {
    const indicator = Math.max(source.lastIndexOf('|', e.valueStart), source.lastIndexOf('>', e.valueStart));
    return indicator >= 0 ? indicator : e.valueStart;
  }
  return e.valueStart;
}

function yamlIssue(file: string, e: unknown, source: string, at: (offset: number) => Position): BlueprintIssue {
  const err = e as { reason?: string; message?: string; mark?: { line: number; column: number; position?: number } };
  const reason = err.reason ?? err.message ?? String(e);
  if (reason.includes('maxAliases')) {
    return { file, line: (err.mark?.line ?? 0) + 1, col: (err.mark?.column ?? 0) + 1, path: '', message: `too many aliases (over ${MAX_ALIASES}): a blueprint needs few, and this many can expand without bound` };
  }
  // js-yaml reports an unclosed [ { or quote where it gives up (the next line); point at the opener instead.
  const unclosed = err.mark?.position !== undefined ? findUnclosed(source, err.mark.position) : undefined;
  if (unclosed) return { ...at(unclosed.offset), path: '', message: `YAML syntax error: ${unclosed.what} opened here is never closed` };
  const line = (err.mark?.line ?? 0) + 1;
  const col = (err.mark?.column ?? 0) + 1;
  return { file, line, col, path: '', message: `YAML syntax error: ${reason}` };
}

/**
 * The flow collection or quoted string still open at `end`, if any. A quote
 * opens a string only where a value starts (after ": ", "- ", "[", "{" or ","),
 * so apostrophes inside plain text (it's) do not count; comments are skipped.
 */
function findUnclosed(source: string, end: number): { what: string; offset: number } | undefined {
  const open: { what: string; offset: number }[] = [];
  let quote: { char: string; offset: number } | undefined;
  for (let i = 0; i < end && i < source.length; i++) {
    const c = source[i];
    if (quote) {
      if (c === quote.char) {
        if (quote.char === "'" && source[i + 1] === "'") i++; // '' escapes ' in single quotes
        else quote = undefined;
      } else if (c === '\\' && quote.char === '"') i++;
      continue;
    }
    const prev = source.slice(Math.max(0, i - 2), i);
    if (c === '#' && (i === 0 || /\s/.test(source[i - 1]))) {
      while (i < end && source[i] !== '\n') i++;
    } else if ((c === '"' || c === "'") && (i === 0 || /(^|[:\-,[{]\s*|[\n[{,])$/.test(prev) || /^\s*$/.test(lineBefore(source, i)))) {
      quote = { char: c, offset: i };
    } else if (c === '[' || c === '{') {
      open.push({ what: `"${c}"`, offset: i });
    } else if ((c === ']' || c === '}') && open.length) {
      open.pop();
    }
  }
  if (quote) return { what: `the quote ${quote.char}`, offset: quote.offset };
  return open[open.length - 1];
}

function lineBefore(source: string, i: number): string {
  return source.slice(source.lastIndexOf('\n', i - 1) + 1, i);
}
