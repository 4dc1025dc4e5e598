/**
 * A mistake in how the CLI was called, or a file it cannot read or write:
 * printed as one clear message (never a stack trace), exit code 1.
 */
export class CliError extends Error {
  constructor(
    message: string,
    /** A second line telling the user what to do next. */
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** A wrong command, option or argument: like CliError, with a pointer to the command's help. */
export class UsageError extends CliError {
  constructor(message: string, command?: string) {
    super(message, `Run "blueprint ${command ? `${command} ` : ''}--help" for usage.`);
    this.name = 'UsageError';
  }
}

/** Exit codes, the same for every command. */
export const EXIT = { ok: 0, error: 1, invalid: 2 } as const;
