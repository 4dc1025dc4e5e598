import { statSync, unlinkSync } from 'node:fs';
import * as nodePath from 'node:path';
import { BlueprintError, loadBlueprint } from '../../load';
import type { Blueprint } from '../../schema';
import { key } from '../../schema/common';
import { DEFAULT_FUNCTION_MEMORY } from '../../schema/services';
import { expectPositionals } from '../args';
import { defineCommand } from '../command';
import { EXIT, UsageError } from '../errors';
import { displayPath, oneLine, print, printError, writeFile } from '../output';

/** The committed JSON Schema: dist/cli/commands (or src/cli/commands) -> schema/. */
const SCHEMA_FILE = nodePath.resolve(__dirname, '..', '..', '..', 'schema', 'blueprint.schema.json');

export const command = defineCommand({
  description: [
    'Writes NAME.yaml, a new blueprint that extends (forks) the blueprint FILE:',
    'everything it does not say comes from FILE. It starts with blueprint: 1,',
    'name: NAME, the extends path (relative to the new file), the editor schema',
    'comment, and commented examples of what to override. It validates as written.',
    '',
    'NAME is 2-32 lowercase letters, digits or dashes, starting with a letter; it',
    'becomes the stack name and part of resource names. FILE must be valid.',
    'An existing file is never overwritten.',
  ].join('\n'),
  options: {
    from: { type: 'string', placeholder: 'FILE', description: 'The blueprint to extend (required).' },
    out: {
      type: 'string',
      short: 'o',
      placeholder: 'PATH',
      description: 'Where to write: a folder (NAME.yaml inside it) or a .yaml/.yml file. Default: ./NAME.yaml',
    },
  },
  exitCodes: [
    [0, 'the new blueprint was written (its path is printed)'],
    [1, 'usage error (bad NAME, no --from), the file already exists or cannot be written, or internal error'],
    [2, 'the --from FILE is not a valid blueprint (problems on stderr)'],
  ],
  examples: ['blueprint init staging --from blueprints/web-app.yaml', 'blueprint init staging --from blueprints/web-app.yaml -o envs/'],
  run({ values, positionals }) {
    expectPositionals('init', positionals, 'NAME', { min: 1, max: 1 });
    const [name] = positionals;
    checkName(name);
    const from = values.from;
    if (from === undefined) throw new UsageError('missing --from FILE: the blueprint the new one extends', 'init');

    let base: Blueprint;
    try {
      base = loadBlueprint(from).blueprint;
    } catch (e) {
      if (!(e instanceof BlueprintError)) throw e;
      printError(e.message);
      printError(`blueprint init: --from ${from} is not a valid blueprint; nothing was written`);
      return EXIT.invalid;
    }

    const file = targetFile(name, values.out);
    writeFile(file, forkText(name, from, file, base), { exclusive: true });
    try {
      loadBlueprint(file);
    } catch (e) {
      // What init writes must load; if not, that is a bug: leave nothing half-made behind.
      unlinkSync(file);
      throw new Error(`the blueprint written for ${displayPath(file)} does not validate (removed it): ${(e as Error).message}`);
    }
    print(displayPath(file));
    printError(`Next: edit it, then run: blueprint plan ${displayPath(file)}`);
    return EXIT.ok;
  },
});

function checkName(name: string): void {
  const result = key.safeParse(name);
  if (result.success) return;
  // Web_App -> web-app; a name that must lose letters to fit gets no guess.
  const fixed = name
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  const hint = fixed !== name && key.safeParse(fixed).success ? ` (try "${fixed}")` : '';
  throw new UsageError(`invalid NAME "${name}": ${result.error.issues[0].message}${hint}`, 'init');
}

/** -o PATH: a .yaml/.yml path that is not a folder is the file itself; anything else is the folder for NAME.yaml. */
function targetFile(name: string, out: string | undefined): string {
  if (out === undefined) return `${name}.yaml`;
  if (/\.ya?ml$/i.test(out) && !isDirectory(out)) return out;
  return nodePath.join(out, `${name}.yaml`);
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** The new blueprint: the required keys, then the base's own values as commented examples. */
function forkText(name: string, from: string, file: string, base: Blueprint): string {
  const dir = nodePath.dirname(nodePath.resolve(file));
  const req = base.requirements;
  const lines = [
    `# yaml-language-server: $schema=${relativePath(dir, SCHEMA_FILE, false)}`,
    `# ${name}: a fork of ${base.name}. Everything not written here comes from the base:`,
    '# mappings merge key by key, lists replace, and null removes a key of the base.',
    'blueprint: 1',
    `name: ${scalar(name)}`,
    `extends: ${scalar(relativePath(dir, nodePath.resolve(from), true))}`,
    `# description: ${scalar(oneLine(base.description ?? `${name}, forked from ${base.name}`))}`,
    '',
    `# Override what differs from ${base.name}; for example (the values ${base.name} has now):`,
    '#',
    '# requirements:',
    `#   availability: ${req.availability}`,
    ...(req.peak_rps === undefined ? [] : [`#   peak_rps: ${req.peak_rps}`]),
    `#   regions: { primary: ${scalar(req.regions.primary)} }`,
    '#',
    '# services:',
    ...Object.entries(base.services).flatMap(([key, s]) => [`#   ${key}:`, s.image === undefined ? `#     memory: ${s.memory ?? DEFAULT_FUNCTION_MEMORY}` : `#     image: ${scalar(s.image)}`]),
    ...(Object.keys(base.services).length > 1
      ? ['#', `# To drop a service of ${base.name}, set it to null:`, '# services:', `#   ${Object.keys(base.services).at(-1)}: null`]
      : []),
    '',
  ];
  return lines.join('\n');
}

/** A path from the new file's folder, with forward slashes so the file reads the same on every OS. */
function relativePath(fromDir: string, to: string, dotSlash: boolean): string {
  const rel = nodePath.relative(fromDir, to);
  if (nodePath.isAbsolute(rel)) return to.split(nodePath.sep).join('/'); // another drive on Windows
  const posix = rel.split(nodePath.sep).join('/');
  return dotSlash && !posix.startsWith('../') ? `./${posix}` : posix;
}

/** A YAML scalar that reads back as the same string: plain when safe, double-quoted (JSON) otherwise. */
function scalar(value: string): string {
  const plain = /^[A-Za-z0-9_./][A-Za-z0-9_./:@+-]*$/.test(value) && !/^(true|false|null|~|[-+.]?\d.*|\.(inf|nan))$/i.test(value);
  return plain ? value : JSON.stringify(value);
}
