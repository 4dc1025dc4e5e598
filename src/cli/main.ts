import { readFileSync } from 'node:fs';
import * as nodePath from 'node:path';
import { BlueprintError } from '../load/errors';
import { closest } from '../load/suggest';
import { parseCommandArgs } from './args';
import type { CommandEntry } from './command';
import { COMMANDS } from './commands';
import { CliError, EXIT, UsageError } from './errors';
import { commandHelp, topHelp } from './help';
import { print, printError } from './output';

/*
 * The `blueprint` command line. This module stays light: it loads a command's
 * module only to run it (or show its help), and only `synth` loads aws-cdk-lib.
 */

/** Runs one command line and returns its exit code; everything it prints goes to stdout or stderr. */
export async function run(argv: string[]): Promise<number> {
  let command: string | undefined;
  try {
    const [first, ...rest] = argv;
    if (first === undefined) {
      printError(topHelp());
      return EXIT.error;
    }
    if (first === '--help' || first === '-h') return show(topHelp());
    if (first === '--version') return show(version());
    if (first === 'help') return help(rest);
    if (first.startsWith('-')) {
      const guess = closest(first.replace(/^-+/, ''), ['help', 'version']);
      throw new UsageError(`unknown option ${first}${guess ? ` (did you mean --${guess}?)` : '; command options go after the command: blueprint COMMAND [OPTIONS]'}`);
    }
    const entry = find(first);
    command = entry.name;
    const def = entry.load();
    const args = parseCommandArgs(entry.name, def.options, rest);
    if (args.help) return show(commandHelp(entry, def));
    return await def.run(args);
  } catch (e) {
    return report(e, command);
  }
}

/** The entry point of bin/blueprint.js. */
export function main(argv: string[] = process.argv.slice(2)): void {
  // `blueprint plan x | head` closes the pipe early: stop quietly, as other tools do.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? EXIT.ok);
    throw e;
  });
  // exitCode, not exit(): a large template written to a pipe must be flushed before Node exits.
  void run(argv).then((code) => {
    process.exitCode = code;
  });
}

function help(args: string[]): number {
  if (args.length === 0) return show(topHelp());
  if (args.length > 1) throw new UsageError(`help takes one COMMAND (got ${args.join(' ')})`);
  if (args[0] === 'help' || args[0] === '--help' || args[0] === '-h') return show(topHelp());
  const entry = find(args[0]);
  return show(commandHelp(entry, entry.load()));
}

function find(name: string): CommandEntry {
  const entry = COMMANDS.find((c) => c.name === name);
  if (entry) return entry;
  const names = [...COMMANDS.map((c) => c.name), 'help'];
  const guess = closest(name, names);
  const hint = guess
    ? ` (did you mean "${guess}"?)`
    : /\.ya?ml$/i.test(name)
      ? ` (to check a blueprint: blueprint validate ${name})`
      : `; commands: ${names.join(', ')}`;
  throw new UsageError(`unknown command "${name}"${hint}`);
}

/**
 * A user's mistake gets a message, never a stack trace: an invalid blueprint
 * its positioned issues (exit 2), a usage or file error one line (exit 1).
 * Anything else is a bug in blueprint: a short message, the stack with BLUEPRINT_DEBUG=1.
 */
function report(e: unknown, command: string | undefined): number {
  if (e instanceof BlueprintError) {
    printError(e.message);
    return EXIT.invalid;
  }
  const prefix = command ? `blueprint ${command}` : 'blueprint';
  if (e instanceof CliError) {
    printError(`${prefix}: ${e.message}`);
    if (e.hint) printError(e.hint);
    return EXIT.error;
  }
  const message = e instanceof Error ? e.message : String(e);
  printError(`${prefix}: internal error: ${message}`);
  if (process.env.BLUEPRINT_DEBUG === '1' && e instanceof Error && e.stack) printError(e.stack);
  else printError('This is a bug in blueprint; run again with BLUEPRINT_DEBUG=1 for the stack trace, and report it.');
  return EXIT.error;
}

function version(): string {
  // dist/cli/main.js -> package.json; read at run time since it lies outside rootDir.
  const pkg = JSON.parse(readFileSync(nodePath.join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

/** Prints help or the version to stdout: success. */
function show(text: string): number {
  print(text);
  return EXIT.ok;
}

if (require.main === module) main();
