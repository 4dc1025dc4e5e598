import { parseArgs } from 'node:util';
import { closest } from '../load/suggest';
import { UsageError } from './errors';

/** One option of a command: parsed by node:util parseArgs and listed, from the same entry, in the command's help. */
export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  /** What the value is, in help and messages: DIR, FILE, TARGET. */
  placeholder?: string;
  description: string;
}

export type OptionSpecs = Record<string, OptionSpec>;

/** Every command takes -h/--help; it is added here so that no command can forget it. */
export const HELP_OPTION: OptionSpec = { type: 'boolean', short: 'h', description: 'Show this help.' };

export type OptionValues<O extends OptionSpecs> = { [K in keyof O]?: O[K]['type'] extends 'string' ? string : boolean };

export interface ParsedArgs<O extends OptionSpecs> {
  help: boolean;
  values: OptionValues<O>;
  positionals: string[];
}

/**
 * Parses a command's arguments with node:util parseArgs, then checks them
 * itself so that every mistake gets a message naming it (and a did-you-mean):
 * unknown options, a value given to a flag, a missing value.
 * `--help` anywhere before `--` wins over any other mistake.
 */
export function parseCommandArgs<O extends OptionSpecs>(command: string, options: O, args: string[]): ParsedArgs<O> {
  const all: OptionSpecs = { ...options, help: HELP_OPTION };
  const config = Object.fromEntries(Object.entries(all).map(([name, o]) => [name, o.short ? { type: o.type, short: o.short } : { type: o.type }]));
  const { tokens } = parseArgs({ args, options: config, strict: false, allowPositionals: true, tokens: true });

  const values: Record<string, string | boolean> = {};
  const positionals: string[] = [];
  if (tokens.some((t) => t.kind === 'option' && t.name === 'help')) return { help: true, values: {} as OptionValues<O>, positionals };

  for (const t of tokens) {
    if (t.kind === 'positional') positionals.push(t.value);
    if (t.kind !== 'option') continue;
    const spec = all[t.name];
    if (!spec) throw new UsageError(unknownOption(t.rawName, args[t.index], all), command);
    if (spec.type === 'boolean') {
      if (t.inlineValue) throw new UsageError(`option ${t.rawName} takes no value (got ${args[t.index]})`, command);
      values[t.name] = true;
    } else {
      // parseArgs takes the next argument as the value even when it looks like an option ("-o --json").
      if (t.value === undefined || t.value === '' || (!t.inlineValue && t.value.startsWith('-') && t.value !== '-')) {
        throw new UsageError(`option ${t.rawName} needs a value: ${t.rawName} ${spec.placeholder ?? 'VALUE'}`, command);
      }
      values[t.name] = t.value;
    }
  }
  return { help: false, values: values as OptionValues<O>, positionals };
}

/** `-o, --out` or `--json`, as help and messages show an option. */
export function optionLabel(name: string, spec: OptionSpec): string {
  return spec.short ? `-${spec.short}, --${name}` : `--${name}`;
}

/** Names the unknown option as typed, with the long option it most likely meant. */
function unknownOption(raw: string, arg: string, options: OptionSpecs): string {
  if (raw.startsWith('--')) {
    const guess = closest(raw.slice(2), Object.keys(options));
    return `unknown option ${raw}${guess ? ` (did you mean --${guess}?)` : ''}`;
  }
  // "-json" is parsed as the short options -j -s -o -n: name what was typed, and the long option it resembles.
  if (/^-[^-]{2,}/.test(arg)) {
    const word = arg.slice(1).replace(/=.*$/, '');
    const guess = closest(word, Object.keys(options));
    return `unknown option ${arg}${guess ? ` (did you mean --${guess}?)` : ''}`;
  }
  // Any letter is one edit from any other, so a single letter gets no guess.
  return `unknown option ${raw}`;
}

/** Checks the number of positional arguments against what a command takes. */
export function expectPositionals(command: string, positionals: string[], name: string, count: { min: number; max: number }): void {
  if (positionals.length < count.min) throw new UsageError(`missing ${name}`, command);
  if (positionals.length <= count.max) return;
  const extra = positionals.slice(count.max).join(' ');
  if (count.max === 0) throw new UsageError(`unexpected argument${positionals.length === 1 ? '' : 's'}: ${extra} (${command} takes none)`, command);
  throw new UsageError(`too many arguments: ${extra} (expected ${count.max === 1 ? `one ${name}` : `at most ${count.max} ${name}`})`, command);
}
