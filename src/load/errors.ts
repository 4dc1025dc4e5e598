import { byText } from '../text';

/** Where a value was written: the file it came from (base or fork) and its 1-based line and column. */
export interface Position {
  file: string;
  line: number;
  col: number;
}

/** One problem in a blueprint, pointing at the place a user can fix it. */
export interface BlueprintIssue extends Position {
  /** Dotted key path, e.g. services.web.scaling.max; empty for file-level problems. */
  path: string;
  message: string;
}

/** A user's mistake in a blueprint: carries every issue found, never a stack trace for the user. */
export class BlueprintError extends Error {
  readonly issues: BlueprintIssue[];

  constructor(issues: BlueprintIssue[]) {
    super(formatIssues(issues));
    this.issues = sortIssues(issues);
    this.name = 'BlueprintError';
  }
}

/** `file:LINE:COL  path: message`, one line per issue, in file order. */
export function formatIssues(issues: BlueprintIssue[]): string {
  return sortIssues(issues)
    .map((i) => `${i.file}:${i.line}:${i.col}  ${i.path ? `${i.path}: ` : ''}${i.message}`)
    .join('\n');
}

export function sortIssues(issues: BlueprintIssue[]): BlueprintIssue[] {
  return [...issues].sort((a, b) => byText(a.file, b.file) || a.line - b.line || a.col - b.col || byText(a.path, b.path));
}

/** A path as users read it: services.web.uses[0]. */
export function formatPath(path: readonly (string | number)[]): string {
  let out = '';
  for (const seg of path) out += typeof seg === 'number' ? `[${seg}]` : out ? `.${seg}` : seg;
  return out;
}
