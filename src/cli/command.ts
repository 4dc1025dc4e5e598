import type { OptionSpecs, ParsedArgs } from './args';

/** A command's behaviour and its help, side by side so that the help cannot drift from what it parses. */
export interface CommandDef<O extends OptionSpecs = OptionSpecs> {
  /** What the command does: lines of at most 80 characters, printed as they are. */
  description: string;
  options: O;
  /** Every exit code the command can return, and when (wrapped at 80 columns in the help). */
  exitCodes: [code: number, meaning: string][];
  examples: string[];
  /** The exit code; commands that run the Pulumi program under mocks are asynchronous. */
  run(args: ParsedArgs<O>): number | Promise<number>;
}

/** Keeps each command's option names and types known to its run(). */
export function defineCommand<O extends OptionSpecs>(def: CommandDef<O>): CommandDef<O> {
  return def;
}

/** What main needs to list a command without loading it. */
export interface CommandEntry {
  name: string;
  /** The usage after "blueprint ", e.g. `plan FILE [--json]`. */
  synopsis: string;
  summary: string;
  /** Loads the command's module only when it runs: `validate` must never pay for CDK. */
  load(): CommandDef;
}
