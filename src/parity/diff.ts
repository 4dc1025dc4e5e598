/*
 * A readable diff of two inventories: one line per differing fact, named by
 * its path, with list items named by what they are (a service's key, an
 * alarm's description, a listener's port) rather than by position.
 */
export function diffInventories(a: unknown, b: unknown, labels: [string, string]): string[] {
  const out: string[] = [];
  walk(a, b, '', labels, out);
  return out;
}

/** The number of leaf facts in an inventory: what "equal" was checked over. */
export function countFacts(x: unknown): number {
  if (Array.isArray(x)) return x.reduce((n: number, v) => n + countFacts(v), 0) || 1;
  if (isObject(x)) return Object.values(x).reduce((n: number, v) => n + countFacts(v), 0) || 1;
  return 1;
}

function walk(a: unknown, b: unknown, path: string, labels: [string, string], out: string[]): void {
  if (Array.isArray(a) && Array.isArray(b)) return walkList(a, b, path, labels, out);
  if (isObject(a) && isObject(b)) {
    for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) walk(a[k], b[k], path ? `${path}.${k}` : k, labels, out);
    return;
  }
  if (JSON.stringify(a) !== JSON.stringify(b)) out.push(`${path}: ${labels[0]} ${show(a)}, ${labels[1]} ${show(b)}`);
}

function walkList(a: unknown[], b: unknown[], path: string, labels: [string, string], out: string[]): void {
  const idOf = identity(a, b);
  if (!idOf) {
    if (JSON.stringify(a) !== JSON.stringify(b)) out.push(`${path}: ${labels[0]} ${show(a)}, ${labels[1]} ${show(b)}`);
    return;
  }
  const left = new Map(a.map((x) => [idOf(x), x]));
  const right = new Map(b.map((x) => [idOf(x), x]));
  for (const id of [...new Set([...left.keys(), ...right.keys()])]) {
    const at = `${path}[${id}]`;
    if (!right.has(id)) out.push(`${at}: only in ${labels[0]}`);
    else if (!left.has(id)) out.push(`${at}: only in ${labels[1]}`);
    else walk(left.get(id), right.get(id), at, labels, out);
  }
}

/** How list items are told apart: by the first field that names each item of each list once. */
function identity(a: unknown[], b: unknown[]): ((x: unknown) => string) | undefined {
  const all = a.concat(b);
  if (all.length === 0 || !all.every(isObject)) return undefined;
  const candidates: ((o: Record<string, unknown>) => unknown)[] = [
    (o) => ('tier' in o && 'az' in o ? `${o.tier} ${o.az}` : undefined),
    // A policy statement: by what it applies to.
    (o) => (Array.isArray(o.resources) && Array.isArray(o.actions) ? (o.resources as string[]).join(',') : undefined),
    ...['key', 'name', 'description', 'owner', 'title', 'priority', 'port', 'az', 'metric', 'region', 'routeKey', 'source'].map((f) => (o: Record<string, unknown>) => o[f]),
  ];
  const unique = (list: unknown[], id: (o: Record<string, unknown>) => unknown) => {
    const ids = (list as Record<string, unknown>[]).map(id);
    return ids.every((v) => v !== undefined) && new Set(ids.map(String)).size === ids.length;
  };
  const id = candidates.find((c) => unique(a, c) && unique(b, c));
  return id && ((x) => String(id(x as Record<string, unknown>)));
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function show(x: unknown): string {
  return x === undefined ? '(absent)' : JSON.stringify(x);
}
