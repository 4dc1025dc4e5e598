import { statSync } from 'node:fs';
import * as nodePath from 'node:path';
import { loadBlueprint } from '../../load';
import { closest } from '../../load/suggest';
import { expectPositionals } from '../args';
import { defineCommand } from '../command';
import { CliError, EXIT, UsageError } from '../errors';
import { displayPath, fsReason, print, writeFile } from '../output';

const TARGETS = ['cdk', 'pulumi'] as const;
type Target = (typeof TARGETS)[number];

export const command = defineCommand({
  description: [
    'Renders FILE. --target cdk (the default): the AWS CDK stack as a CloudFormation',
    'template (JSON). --target pulumi: the Pulumi program run under Pulumi\'s own',
    'mocks, printed as its resource graph (type, name, parent and inputs of every',
    'resource), for users without the Pulumi CLI. Without -o, prints to stdout;',
    'with -o DIR, writes DIR/<name>.template.json (cdk) or DIR/<name>.pulumi.json',
    '(pulumi) and prints its path. Needs no AWS credentials.',
    '',
    'When the blueprint keeps resources in the secondary region (the vault',
    'backup-restore copies backups into, replicated buckets), cdk has a second',
    'stack, <name>-dr; with pilot-light or warm-standby, a standby of the system',
    'waits there too, stack <name>-standby. -o DIR writes DIR/<name>-dr.template.json',
    'and DIR/<name>-standby.template.json too; stdout gets only the primary',
    'template (a note on stderr says so).',
    '',
    "aws-cdk-lib's built-in CloudFormation template validation is off by default:",
    'it adds a few seconds to every synth. --validate turns it on, as',
    '`npx cdk synth` (the deploy path) has it. See docs/PERFORMANCE.md.',
    '',
    "cdk-nag's AwsSolutionsChecks runs at every cdk synth, and so do the packs of",
    "the blueprint's compliance profiles (HIPAA.Security, PCI.DSS.321,",
    'NIST.800.53.R5); a finding the design does not acknowledge (`blueprint plan`',
    'lists those it does) fails the synth with the validation report, a bug in',
    'Blueprint.',
  ].join('\n'),
  options: {
    out: { type: 'string', short: 'o', placeholder: 'DIR', description: 'Write the output into DIR (created if missing) and print its path.' },
    target: { type: 'string', placeholder: 'TARGET', description: 'The renderer: cdk (the default) or pulumi.' },
    validate: {
      type: 'boolean',
      description: "Also run aws-cdk-lib's built-in CloudFormation validation of the template (a few seconds more), as `npx cdk synth` does. cdk only.",
    },
  },
  exitCodes: [
    [0, 'the output was printed or written'],
    [1, 'usage error (e.g. an unknown --target), DIR cannot be written, or internal error'],
    [2, 'FILE is not a valid blueprint, or its stack is too large (problems on stderr)'],
  ],
  examples: [
    'blueprint synth blueprints/web-app.yaml > web-app.template.json',
    'blueprint synth blueprints/web-app.yaml -o cdk.out',
    'blueprint synth blueprints/web-app.yaml -o cdk.out --validate',
    'blueprint synth blueprints/web-app.yaml --target pulumi -o out',
  ],
  async run({ values, positionals }) {
    expectPositionals('synth', positionals, 'FILE', { min: 1, max: 1 });
    const [file] = positionals;
    const target = checkTarget(values.target ?? 'cdk');
    if (values.validate && target !== 'cdk') throw new UsageError('--validate checks a CloudFormation template: it applies to --target cdk only', 'synth');
    if (values.out !== undefined) checkOutDir(values.out);
    // Fail fast on a bad blueprint, before paying for a renderer.
    const loaded = loadBlueprint(file);

    // The renderers (aws-cdk-lib, @pulumi/*) load only here.
    let name: string;
    let output: unknown;
    const extra: { name: string; output: unknown; region: string; what: string }[] = [];
    if (target === 'cdk') {
      const { synthesize } = require('../../cdk/synth') as typeof import('../../cdk/synth');
      const result = synthesize(loaded, { validate: values.validate === true });
      [name, output] = [`${result.stackName}.template.json`, result.template];
      if (result.dr) extra.push({ name: `${result.dr.stackName}.template.json`, output: result.dr.template, region: result.dr.region, what: 'disaster-recovery' });
      if (result.standby) extra.push({ name: `${result.standby.stackName}.template.json`, output: result.standby.template, region: result.standby.region, what: 'standby' });
    } else {
      const { runUnderMocks } = require('../../pulumi/mock-run') as typeof import('../../pulumi/mock-run');
      const { design } = require('../../design') as typeof import('../../design');
      const d = design(loaded.blueprint);
      [name, output] = [`${d.name}.pulumi.json`, await runUnderMocks(d)];
    }
    // One-space JSON, as `cdk synth` writes templates; stdout and -o give the same bytes.
    const json = (o: unknown) => `${JSON.stringify(o, null, 1)}\n`;
    if (values.out === undefined) {
      print(json(output));
      for (const e of extra) process.stderr.write(`note: the ${e.what} stack ${e.name} (${e.region}) is not printed; write every stack with -o DIR\n`);
      return EXIT.ok;
    }
    for (const o of [{ name, output }, ...extra]) {
      const outFile = nodePath.join(values.out, o.name);
      writeFile(outFile, json(o.output));
      print(displayPath(outFile));
    }
    return EXIT.ok;
  },
});

function checkTarget(target: string): Target {
  if ((TARGETS as readonly string[]).includes(target)) return target as Target;
  const guess = closest(target, [...TARGETS]);
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
