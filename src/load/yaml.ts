import { CORE_SCHEMA, EVENT_ID, constructFromEvents, getScalarValue, parseEvents, type Event } from 'js-yaml';
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
    return { issues: [yamlIssue(file, e)] };
  }
  const docs = events.filter((e) => e.type === EVENT_ID.DOCUMENT).length;
  if (docs === 0) return { issues: [{ ...at(0), path: '', message: 'the file is empty: a blueprint needs at least `blueprint: 1`, `name` and `services`' }] };
  if (docs > 1) return { issues: [{ ...at(0), path: '', message: 'a blueprint file holds exactly one YAML document (found several separated by ---)' }] };

  const { origins, issues } = walk(events, source, at);
  if (issues.length) return { issues };
  try {
    const [value] = constructFromEvents(events, { source, filename: file, schema: CORE_SCHEMA, maxAliases: MAX_ALIASES });
    return { value, origins };
  } catch (e) {
    return { issues: [yamlIssue(file, e)] };
  }
}

interface Frame {
  kind: 'map' | 'seq';
  path: PathSegment[];
  index: number; // next sequence index
  key?: { name: string; pos: Position }; // map: key waiting for its value
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
  // In a map, a node is a key when no key is waiting for its value.
  const isKey = () => {
    const top = stack[stack.length - 1];
    return top?.kind === 'map' && top.key === undefined;
  };
  const takeKey = (name: string, offset: number) => {
    const top = stack[stack.length - 1];
    const pos = at(offset);
    const first = top.seen!.get(name);
    if (first) {
      issues.push({ ...pos, path: formatPath([...top.path, name]), message: `duplicate key (first written at line ${first.line})` });
    } else {
      top.seen!.set(name, pos);
    }
    top.key = { name, pos };
  };

  for (const e of events) {
    switch (e.type) {
      case EVENT_ID.SCALAR:
        if (isKey()) takeKey(getScalarValue(source, e), e.valueStart);
        else place(e.valueStart);
        break;
      case EVENT_ID.ALIAS:
        if (isKey()) takeKey('*alias', e.anchorStart);
        else place(e.anchorStart);
        break;
      case EVENT_ID.MAPPING:
      case EVENT_ID.SEQUENCE: {
        if (isKey()) {
          issues.push({ ...at(e.start), path: formatPath(stack[stack.length - 1].path), message: 'keys must be plain names, not lists or maps' });
          stack[stack.length - 1].key = { name: '?complex', pos: at(e.start) };
        }
        const path = place(e.start) ?? [];
        stack.push(e.type === EVENT_ID.MAPPING ? { kind: 'map', path, index: 0, seen: new Map() } : { kind: 'seq', path, index: 0 });
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

function yamlIssue(file: string, e: unknown): BlueprintIssue {
  const err = e as { reason?: string; message?: string; mark?: { line: number; column: number } };
  const line = (err.mark?.line ?? 0) + 1;
  const col = (err.mark?.column ?? 0) + 1;
  return { file, line, col, path: '', message: `YAML syntax error: ${err.reason ?? err.message ?? String(e)}` };
}
