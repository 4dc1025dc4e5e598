import type { Blueprint } from '../schema';
import { checkBlueprint } from '../design/checks';
import { BlueprintError, formatPath, type BlueprintIssue } from './errors';
import { resolveCode } from './code';
import { resolveGraphqlSchemas } from './graphql';
import { resolveSiteSources } from './site-files';
import { readWithExtends } from './extends';
import { findUnsupported, locate, validateShape } from './validate';
import type { NodeOrigin } from './yaml';

export { BlueprintError, formatIssues, type BlueprintIssue } from './errors';

/** A valid blueprint, with where each of its values was written (for later messages). */
export interface LoadedBlueprint {
  blueprint: Blueprint;
  file: string;
  /** Files read, the blueprint first, then the bases it extends. */
  chain: string[];
  origins: Map<string, NodeOrigin>;
}

/**
 * Reads, merges (extends), validates and cross-checks a blueprint.
 * Throws BlueprintError with every issue found; never returns a partly valid blueprint.
 */
export function loadBlueprint(file: string): LoadedBlueprint {
  const source = readWithExtends(file);
  const shape = validateShape(source.value, source.origins);
  const issues: BlueprintIssue[] = [...shape.issues, ...findUnsupported(source.value, source.origins)];
  // Cross-field rules need a well-typed blueprint, so they run once the shape is right.
  if (shape.blueprint) {
    // A rule that read an invalid value would speak of the placeholder that replaced it: skip it. (A missing code
    // directory or a wrong schema file replaces no value: the rules still run.)
    const reported = issues.map((i) => i.path);
    issues.push(...resolveCode(shape.blueprint, source.origins), ...resolveGraphqlSchemas(shape.blueprint, source.origins), ...resolveSiteSources(shape.blueprint, source.origins));
    const touches = (p: (string | number)[]) => {
      const f = formatPath(p);
      return reported.some((r) => r === f || r.startsWith(`${f}.`) || r.startsWith(`${f}[`) || f.startsWith(`${r}.`) || f.startsWith(`${r}[`));
    };
    for (const c of checkBlueprint(shape.blueprint)) {
      if (touches(c.path) || c.involves?.some(touches)) continue;
      issues.push({ ...locate(source.origins, c.path, c.at), path: formatPath(c.path), message: c.message });
    }
  }
  if (issues.length) throw new BlueprintError(dedupe(issues));
  return { blueprint: shape.blueprint!, file, chain: source.chain, origins: source.origins };
}

function dedupe(issues: BlueprintIssue[]): BlueprintIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const k = `${i.file}:${i.line}:${i.col}:${i.path}:${i.message}`;
    return seen.has(k) ? false : (seen.add(k), true);
  });
}
