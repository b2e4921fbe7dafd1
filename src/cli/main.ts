#!/usr/bin/env node
/** The CLI entry point: the only place that sets the process exit code. */
import { CommanderError } from 'commander';
import { buildProgram } from './program.js';
import { ExitError } from './exit.js';

export async function runCli(argv: readonly string[]): Promise<number> {
  try {
    await buildProgram().parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      // commander already printed help or its own error message.
      return err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help' ? 0 : 1;
    }
    if (err instanceof ExitError) {
      if (err.message) process.stderr.write(`${err.exitCode === 2 ? '' : 'Error: '}${err.message}\n`);
      return err.exitCode;
    }
    process.stderr.write(`Error: ${(err as Error)?.stack ?? String(err)}\n`);
    return 1;
  }
}

process.exitCode = await runCli(process.argv.slice(2));
