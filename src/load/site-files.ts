import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as nodePath from 'node:path';
import type { Blueprint } from '../schema';
import type { BlueprintIssue } from './errors';
import { formatPath } from './errors';
import { pathKey, type NodeOrigin } from './yaml';

/*
 * A static site's `source` (services.<key>.source): a directory of built files, resolved like a function's code
 * (relative to the blueprint file that writes it). It must hold index.html (the distribution's root object), and
 * its file names must be plain: the CDK upload selects files with `aws s3 sync --include` patterns, where * ? [ ]
 * are wildcards.
 */

/** A file of a site's source: its path under the directory (forward slashes), size in bytes and SHA-256. */
export interface SourceFile {
  path: string;
  size: number;
  sha256: string;
}

const WILDCARDS = /[*?[\]\\]/;

/** Rewrites each site's source to a path from the working directory; a missing directory, a file or a directory without index.html is an issue at its line. */
export function resolveSiteSources(bp: Blueprint, origins: Map<string, NodeOrigin>): BlueprintIssue[] {
  const issues: BlueprintIssue[] = [];
  for (const [key, svc] of Object.entries(bp.services)) {
    if (svc.source === undefined || svc.kind !== 'static-site') continue;
    const path = ['services', key, 'source'];
    const at = origins.get(pathKey(path))?.value ?? { file: '', line: 1, col: 1 };
    const resolved = nodePath.normalize(nodePath.isAbsolute(svc.source) ? svc.source : nodePath.join(nodePath.dirname(at.file), svc.source)).split(nodePath.sep).join('/');
    svc.source = resolved;
    const issue = (message: string) => issues.push({ ...at, path: formatPath(path), message });
    if (!existsSync(resolved)) issue(`${resolved} does not exist (source is relative to the blueprint file that writes it)`);
    else if (!statSync(resolved).isDirectory()) issue(`${resolved} is a file: write the directory of the site's built files`);
    else if (!existsSync(nodePath.join(resolved, 'index.html')) || !statSync(nodePath.join(resolved, 'index.html')).isFile()) issue(`${resolved} has no index.html: the distribution answers / with it`);
    else {
      const odd = listSiteFiles(resolved).find((f) => WILDCARDS.test(f.path));
      if (odd) issue(`${odd.path} in ${resolved}: a file name with * ? [ ] or \\ cannot be uploaded (the CDK upload selects files by aws s3 sync patterns)`);
    }
  }
  return issues;
}

const cache = new Map<string, SourceFile[]>();

/** Every regular file under `dir` (links followed), sorted by path in code-unit order: the same list on every OS. */
export function listSiteFiles(dir: string): SourceFile[] {
  let files = cache.get(dir);
  if (files) return files;
  files = [];
  const walk = (rel: string) => {
    for (const name of readdirSync(nodePath.join(dir, rel))) {
      const p = rel ? `${rel}/${name}` : name;
      const full = nodePath.join(dir, p);
      const st = statSync(full);
      if (st.isDirectory()) walk(p);
      else if (st.isFile()) {
        const content = readFileSync(full);
        files!.push({ path: p, size: content.length, sha256: createHash('sha256').update(content).digest('hex') });
      }
    }
  };
  walk('');
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  cache.set(dir, files);
  return files;
}
