import { readFileSync } from 'node:fs';
import { referenceMarkdown } from '../src/schema/reference';
import { UNSUPPORTED } from '../src/schema/support';
import { blueprintJsonSchema } from '../src/schema';

test('docs/REFERENCE.md is generated from the current schema (run `npm run docs`)', () => {
  expect(readFileSync('docs/REFERENCE.md', 'utf8')).toBe(referenceMarkdown());
});

test('every not-yet-supported entry names a key the schema really has', () => {
  const schema = blueprintJsonSchema() as { properties: Record<string, unknown> };
  for (const u of UNSUPPORTED) {
    let node: unknown = schema;
    for (const seg of u.path.split('.')) {
      const n = node as { properties?: Record<string, unknown>; additionalProperties?: unknown; anyOf?: { type?: string }[] };
      const inner = (n.anyOf?.find((x) => x.type !== 'null') as typeof n | undefined) ?? n;
      // A union of shapes (a data store's engines): the key may be in any of them.
      const options = ((inner as { oneOf?: typeof n[] }).oneOf ?? [inner]) as typeof n[];
      node = seg === '*' ? inner.additionalProperties : options.map((o) => o.properties?.[seg]).find((x) => x !== undefined);
      expect([u.path, node]).not.toEqual([u.path, undefined]);
    }
  }
});
