import { existsSync, statSync } from 'node:fs';
import * as nodePath from 'node:path';
import type { Blueprint } from '../schema';
import type { BlueprintIssue } from './errors';
import { formatPath } from './errors';
import { pathKey, type NodeOrigin } from './yaml';

/**
 * A function's `code` is written relative to the blueprint file that writes it (a shared base's functions
 * stay beside the base). Rewrites each to a path from the working directory, as the renderers open it, with
 * forward slashes so the design reads the same on every OS; a path that is neither a directory nor a .zip
 * file is an issue at its line.
 */
export function resolveCode(bp: Blueprint, origins: Map<string, NodeOrigin>): BlueprintIssue[] {
  const issues: BlueprintIssue[] = [];
  for (const [key, svc] of Object.entries(bp.services)) {
    if (svc.code === undefined) continue;
    const path = ['services', key, 'code'];
    const at = origins.get(pathKey(path))?.value ?? { file: '', line: 1, col: 1 };
    const resolved = nodePath.normalize(nodePath.isAbsolute(svc.code) ? svc.code : nodePath.join(nodePath.dirname(at.file), svc.code)).split(nodePath.sep).join('/');
    const kind = !existsSync(resolved) ? 'missing' : statSync(resolved).isDirectory() ? 'directory' : resolved.endsWith('.zip') ? 'zip' : 'other';
    if (kind === 'missing') issues.push({ ...at, path: formatPath(path), message: `${resolved} does not exist (code is relative to the blueprint file that writes it)` });
    else if (kind === 'other') issues.push({ ...at, path: formatPath(path), message: `${resolved} is a file: write a directory holding the code, or a .zip file` });
    svc.code = resolved;
  }
  return issues;
}
