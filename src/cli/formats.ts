import { EXIT, ExitError } from './exit.js';

export function parseFormat<T extends string>(value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new ExitError(EXIT.error, `--format: "${value}" is not one of ${allowed.join(', ')}`);
}
