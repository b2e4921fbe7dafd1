/** An error that ends the CLI with a given exit code. Only src/cli/main.ts turns it into process.exitCode. */
export class ExitError extends Error {
  constructor(
    readonly exitCode: number,
    message = '',
  ) {
    super(message);
    this.name = 'ExitError';
  }
}

/** Exit codes, terraform's convention for plan --detailed-exitcode. */
export const EXIT = { ok: 0, error: 1, changes: 2 } as const;
