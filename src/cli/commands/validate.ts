import { BlueprintError, formatIssues, loadBlueprint, type BlueprintIssue } from '../../load';
import { expectPositionals } from '../args';
import { defineCommand } from '../command';
import { EXIT } from '../errors';
import { print, printError } from '../output';

export const command = defineCommand({
  description: [
    'Reads each FILE (and the bases it extends) and checks it: YAML syntax, the',
    'schema and the rules across fields. Every problem of every file is',
    'reported in one run, not just the first.',
    '',
    'Prints "FILE: ok" to stdout for each valid file. Problems go to stderr, one',
    'per line, in file order:',
    '  FILE:LINE:COL  path: message',
  ].join('\n'),
  options: {},
  exitCodes: [
    [0, 'every FILE is valid'],
    [1, 'usage error (no FILE, unknown option) or internal error'],
    [2, 'at least one FILE is invalid'],
  ],
  examples: ['blueprint validate blueprints/web-app.yaml', 'blueprint validate blueprints/*.yaml'],
  run({ positionals }) {
    expectPositionals('validate', positionals, 'FILE', { min: 1, max: Infinity });
    const printed = new Set<string>();
    const invalid: { file: string; count: number }[] = [];
    for (const file of positionals) {
      let issues: BlueprintIssue[];
      try {
        loadBlueprint(file);
        print(`${file}: ok`);
        continue;
      } catch (e) {
        if (!(e instanceof BlueprintError)) throw e;
        issues = e.issues;
      }
      invalid.push({ file, count: issues.length });
      // Files that extend the same broken base share its problems: print each line once.
      const lines = formatIssues(issues)
        .split('\n')
        .filter((line) => !printed.has(line));
      lines.forEach((line) => printed.add(line));
      if (lines.length) printError(lines.join('\n'));
    }
    if (invalid.length === 0) return EXIT.ok;
    for (const { file, count } of invalid) printError(`${file}: ${count} problem${count === 1 ? '' : 's'}`);
    return EXIT.invalid;
  },
});
