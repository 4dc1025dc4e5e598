import { HELP_OPTION, optionLabel, type OptionSpecs } from './args';
import type { CommandDef, CommandEntry } from './command';
import { COMMANDS } from './commands';

/** `blueprint --help`: every command and the exit codes, without loading any command. */
export function topHelp(): string {
  const commands: [string, string][] = [...COMMANDS.map((c): [string, string] => [c.synopsis, c.summary]), ['help [COMMAND]', "Show a command's help"]];
  return [
    'Usage: blueprint COMMAND [ARGS...] [OPTIONS]',
    '',
    'Turns a blueprint (a YAML file of requirements and design decisions) into',
    'AWS infrastructure.',
    '',
    'Commands:',
    ...definitions(commands),
    '',
    'Options:',
    ...definitions([
      ['-h, --help', 'Show this help.'],
      ['    --version', 'Print the version of blueprint.'],
    ]),
    '',
    'Exit codes:',
    ...definitions([
      ['0', 'success'],
      ['1', 'usage error (unknown command or option, missing argument), a file that cannot be read or written, or an internal error'],
      ['2', 'invalid blueprint: the problems are printed to stderr, one per line, as FILE:LINE:COL  path: message'],
    ]),
    '',
    'Environment:',
    ...definitions([['BLUEPRINT_DEBUG=1', 'print the stack trace of internal errors']]),
    '',
    'Run "blueprint COMMAND --help" for the arguments and options of a command.',
  ].join('\n');
}

/** `blueprint COMMAND --help`, built from the same option list the command parses. */
export function commandHelp(entry: CommandEntry, def: CommandDef): string {
  return [
    `Usage: blueprint ${entry.synopsis}`,
    '',
    `${entry.summary}.`,
    '',
    def.description,
    '',
    'Options:',
    ...optionLines(def.options),
    '',
    'Exit codes:',
    ...definitions(def.exitCodes.map(([code, meaning]) => [String(code), meaning])),
    '',
    'Examples:',
    ...def.examples.map((e) => `  ${e}`),
  ].join('\n');
}

function optionLines(options: OptionSpecs): string[] {
  const all = { ...options, help: HELP_OPTION };
  return definitions(
    Object.entries(all).map(([name, o]) => {
      const label = optionLabel(name, o);
      return [`${o.short ? '' : '    '}${label}${o.type === 'string' ? ` ${o.placeholder ?? 'VALUE'}` : ''}`, o.description];
    }),
  );
}

const WIDTH = 80;

/** Terms and their descriptions in two columns; descriptions wrap at 80 characters under themselves. */
function definitions(rows: [term: string, text: string][]): string[] {
  const termWidth = Math.max(...rows.map(([t]) => t.length));
  const indent = ' '.repeat(2 + termWidth + 2);
  return rows.flatMap(([term, text]) => wrap(text, WIDTH - indent.length).map((line, i) => (i === 0 ? `  ${term.padEnd(termWidth)}  ${line}` : `${indent}${line}`)));
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  return [...lines, line];
}
