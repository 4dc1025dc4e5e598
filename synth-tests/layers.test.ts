import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';

/*
 * The pipeline's layers: load and schema know YAML and zod only; the design
 * layer decides for every backend, so it must import no backend. Checked on
 * the import graph, following relative imports.
 */
const BACKENDS = /^(aws-cdk-lib|constructs|@pulumi\/|cdk-nag)/;

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]/g), ...text.matchAll(/require\(['"]([^'"]+)['"]\)/g)].map((m) => m[1]);
}

/** Every module reachable from `file`, relative imports followed. */
function reachable(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  for (const spec of importsOf(file)) {
    if (!spec.startsWith('.')) {
      seen.add(spec);
      continue;
    }
    const base = path.resolve(path.dirname(file), spec);
    const target = [`${base}.ts`, path.join(base, 'index.ts')].find((f) => {
      try {
        readFileSync(f);
        return true;
      } catch {
        return false;
      }
    });
    if (target) reachable(target, seen);
  }
  return seen;
}

describe.each(['src/schema', 'src/load', 'src/design'])('%s', (dir) => {
  test.each(readdirSync(dir).filter((f) => f.endsWith('.ts')))('%s reaches no IaC backend', (file) => {
    const backends = [...reachable(path.resolve(dir, file))].filter((m) => BACKENDS.test(m));
    expect(backends).toEqual([]);
  });
});

test('the check sees a backend import when there is one', () => {
  expect([...reachable(path.resolve('src/cdk/stack.ts'))].some((m) => BACKENDS.test(m))).toBe(true);
});
