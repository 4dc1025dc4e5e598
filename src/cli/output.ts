import { mkdirSync, writeFileSync } from 'node:fs';
import * as nodePath from 'node:path';
import { CliError } from './errors';

/** Writes text to stdout, ending it with exactly one newline. */
export function print(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

/** Writes text to stderr, ending it with exactly one newline. */
export function printError(text: string): void {
  process.stderr.write(text.endsWith('\n') ? text : `${text}\n`);
}

/** A path as users read it: relative to where they stand when it is below it, else absolute (as the loader shows files). */
export function displayPath(file: string): string {
  const abs = nodePath.resolve(file);
  const rel = nodePath.relative(process.cwd(), abs);
  return rel && !rel.startsWith('..') && !nodePath.isAbsolute(rel) ? rel : abs;
}

/**
 * Writes a file, creating its folder. With `exclusive`, refuses to replace an
 * existing file (atomically: the check and the creation are one system call).
 * File-system failures become a CliError naming the file.
 */
export function writeFile(file: string, content: string, options: { exclusive?: boolean } = {}): void {
  try {
    mkdirSync(nodePath.dirname(nodePath.resolve(file)), { recursive: true });
    writeFileSync(file, content, { encoding: 'utf8', flag: options.exclusive ? 'wx' : 'w' });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new CliError(`${displayPath(file)} already exists; not overwriting it`, 'Choose another NAME or -o PATH, or remove the file first.');
    throw new CliError(`cannot write ${displayPath(file)}: ${fsReason(e)}`);
  }
}

/** A short reason for a file-system error, without Node's error-code noise. */
export function fsReason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file or folder';
  if (code === 'EISDIR') return 'it is a folder';
  if (code === 'ENOTDIR') return 'a part of the path is a file, not a folder';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EROFS') return 'read-only file system';
  if (code === 'ENOSPC') return 'no space left on the device';
  return (e as Error).message;
}

/**
 * Lays out rows as left-aligned columns separated by two spaces. Nothing is
 * truncated: each column is as wide as its widest cell, and the last column
 * is never padded (so no trailing spaces).
 */
export function columns(rows: readonly (readonly string[])[], indent = ''): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) => indent + row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]))).join('  ').trimEnd());
}

/** One line, whatever the value: newlines in user-written strings would break a table's rows. */
export function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ');
}
