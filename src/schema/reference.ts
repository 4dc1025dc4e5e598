import { blueprintJsonSchema } from './index';
import { UNSUPPORTED } from './support';

interface JsonSchema {
  type?: string;
  description?: string;
  default?: unknown;
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, JsonSchema>;
  additionalProperties?: JsonSchema | boolean;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  minimum?: number;
  maximum?: number;
  pattern?: string;
  format?: string;
  required?: string[];
}

/**
 * The blueprint reference as Markdown, generated from the zod schema (via its
 * JSON Schema) so that the docs cannot drift from what the loader accepts.
 */
export function referenceMarkdown(): string {
  const rows: string[] = [];
  walk(blueprintJsonSchema() as JsonSchema, '', rows);
  return [
    '# Blueprint reference (format v1)',
    '',
    'Generated from the zod schema in `src/schema/` by `npm run docs`; a test fails when it is stale.',
    '`<name>` stands for a key you choose (a service name). Keys marked **not yet supported** are accepted by the',
    'schema but rejected with an error at their line until a renderer emits them.',
    '',
    '| key | type | default | description |',
    '| --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}

function walk(node: JsonSchema, path: string, rows: string[], variant?: string): void {
  const props = node.properties ?? {};
  for (const [key, child] of Object.entries(props)) {
    const p = path ? `${path}.${key}` : key;
    rows.push(row(p, unwrap(child), child, node.required?.includes(key) ?? false, variant));
    descend(unwrap(child), p, rows);
  }
}

function descend(node: JsonSchema, path: string, rows: string[]): void {
  const items = typeof node.additionalProperties === 'object' ? node.additionalProperties : undefined;
  if (node.properties) walk(node, path, rows);
  else if (items?.properties) walk(items, `${path}.<name>`, rows);
  // One shape per engine (data stores): each listed with the engine it belongs to.
  else if (items?.oneOf) for (const option of items.oneOf) walk(option, `${path}.<name>`, rows, engineOf(option));
}

function engineOf(option: JsonSchema): string {
  const engine = option.properties?.engine;
  return engine?.const !== undefined ? String(engine.const) : (engine?.enum ?? []).join(', ');
}

function unwrap(node: JsonSchema): JsonSchema {
  const inner = node.anyOf?.find((n) => n.type !== 'null');
  return inner ? { ...inner, description: node.description ?? inner.description, default: node.default ?? inner.default } : node;
}

function row(path: string, node: JsonSchema, outer: JsonSchema, required: boolean, variant?: string): string {
  // An unsupported engine is marked on its own variant's row only.
  const engineRow = (u: (typeof UNSUPPORTED)[number]) => !variant || !u.path.endsWith('.engine') || (u.values ?? []).some((v) => variant.split(', ').includes(String(v)));
  const notYet = UNSUPPORTED.find((u) => matches(u.path, path) && engineRow(u));
  const description = [
    variant ? `*(engine ${variant})*` : '',
    node.description ?? outer.description ?? '',
    required ? '**Required.**' : '',
    notYet ? `**Not yet supported${notYet.values ? `: ${notYet.values.map((v) => `\`${String(v)}\``).join(', ')}` : ''}** (${notYet.reason}).` : '',
  ]
    .filter(Boolean)
    .join(' ');
  const dflt = outer.default ?? node.default;
  // A value of several shapes (a number or false): each shape.
  const shapes = outer.anyOf?.filter((n) => n.type !== 'null') ?? [];
  return `| \`${path}\` | ${shapes.length > 1 ? shapes.map(type).join(' \\| ') : type(node)} | ${dflt === undefined ? '' : `\`${JSON.stringify(dflt)}\``} | ${description.replace(/\|/g, '\\|')} |`;
}

function type(node: JsonSchema): string {
  if (node.const !== undefined) return `\`${JSON.stringify(node.const)}\``;
  if (node.enum) return node.enum.map((v) => `\`${String(v)}\``).join(' \\| ');
  if (node.type === 'array') return `list of ${node.items ? type(node.items) : 'any'}`;
  if (node.type === 'object') return node.properties ? 'mapping' : 'mapping of names';
  const range = node.minimum !== undefined && node.maximum !== undefined && node.maximum < 1e9 ? ` (${node.minimum}-${node.maximum})` : '';
  const format = node.format && node.format !== 'starts_with' ? node.format : undefined;
  return `${format ?? node.type ?? 'any'}${range}`;
}

function matches(pattern: string, path: string): boolean {
  const a = pattern.split('.');
  const b = path.split('.');
  return a.length === b.length && a.every((seg, i) => seg === '*' ? b[i] === '<name>' : seg === b[i]);
}
