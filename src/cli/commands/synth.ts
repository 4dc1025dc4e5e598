import { statSync } from 'node:fs';
import * as nodePath from 'node:path';
import { loadBlueprint } from '../../load';
import { closest } from '../../load/suggest';
import { expectPositionals } from '../args';
import { defineCommand } from '../command';
import { CliError, EXIT, UsageError } from '../errors';
import { displayPath, fsReason, print, writeFile } from '../output';

const TARGETS = ['cdk'] as const;
/** Targets that are planned but not rendered yet: named in the error rather than called unknown. */
const LATER: Record<string, string> = { pulumi: 'the Pulumi renderer arrives in a later version of blueprint' };

export const command = defineCommand({
  description: [
    'Renders FILE with the AWS CDK into a CloudFormation template. Without -o,',
    'prints the template (JSON) to stdout; with -o DIR, writes',
    'DIR/<stack name>.template.json and prints its path. Needs no AWS credentials.',
    '',
    "aws-cdk-lib's built-in CloudFormation template validation is off by default:",
    'it adds a few seconds to every synth. --validate turns it on, as',
    '`npx cdk synth` (the deploy path) has it. See docs/PERFORMANCE.md.',
  ].join('\n'),
  options: {
    out: { type: 'string', short: 'o', placeholder: 'DIR', description: 'Write the template into DIR (created if missing) and print its path.' },
    target: { type: 'string', placeholder: 'TARGET', description: 'The renderer: cdk (the default and, for now, the only one; pulumi comes later).' },
    validate: {
      type: 'boolean',
      description: "Also run aws-cdk-lib's built-in CloudFormation validation of the template (a few seconds more), as `npx cdk synth` does.",
    },
  },
  exitCodes: [
    [0, 'the template was printed or written'],
    [1, 'usage error (e.g. an unknown --target), DIR cannot be written, or internal error'],
    [2, 'FILE is not a valid blueprint, or its stack is too large (problems on stderr)'],
  ],
  examples: [
    'blueprint synth blueprints/web-app.yaml > web-app.template.json',
    'blueprint synth blueprints/web-app.yaml -o cdk.out',
    'blueprint synth blueprints/web-app.yaml -o cdk.out --validate',
  ],
  run({ values, positionals }) {
    expectPositionals('synth', positionals, 'FILE', { min: 1, max: 1 });
    const [file] = positionals;
    checkTarget(values.target ?? 'cdk');
    if (values.out !== undefined) checkOutDir(values.out);
    // Fail fast on a bad blueprint, before paying for aws-cdk-lib.
    const loaded = loadBlueprint(file);

    // The only place the CLI loads the CDK renderer (and with it aws-cdk-lib).
    const { synthesize } = require('../../cdk/synth') as typeof import('../../cdk/synth');
    const result = synthesize(loaded, { validate: values.validate === true });
    // One-space JSON, as `cdk synth` writes templates; stdout and -o give the same bytes.
    const json = `${JSON.stringify(result.template, null, 1)}\n`;
    if (values.out === undefined) {
      print(json);
      return EXIT.ok;
    }
    const templateFile = nodePath.join(values.out, `${result.stackName}.template.json`);
    writeFile(templateFile, json);
    print(displayPath(templateFile));
    return EXIT.ok;
  },
});

function checkTarget(target: string): void {
  if ((TARGETS as readonly string[]).includes(target)) return;
  if (LATER[target]) throw new UsageError(`--target ${target} is not available yet: ${LATER[target]}; use --target cdk (the default)`, 'synth');
  const guess = closest(target, [...TARGETS, ...Object.keys(LATER)]);
  throw new UsageError(`unknown --target "${target}"${guess ? ` (did you mean "${guess}"?)` : ''}; available: ${TARGETS.join(', ')}`, 'synth');
}

/** -o must name a folder; a missing one is created by the renderer. */
function checkOutDir(dir: string): void {
  let isDir: boolean;
  try {
    isDir = statSync(dir).isDirectory();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw new CliError(`-o ${dir}: ${fsReason(e)}`);
  }
  if (!isDir) throw new CliError(`-o ${dir} is a file; -o takes the folder to write the template into`);
}
