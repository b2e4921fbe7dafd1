/** What the terminal can do: colour (NO_COLOR / FORCE_COLOR / TTY) and interactivity. */
export interface Terminal {
  readonly color: boolean;
  readonly stdoutIsTty: boolean;
  readonly stderrIsTty: boolean;
  readonly stdinIsTty: boolean;
}

export function detectTerminal(env: NodeJS.ProcessEnv = process.env, colorFlag?: boolean): Terminal {
  const stdoutIsTty = Boolean(process.stdout.isTTY);
  const noColor = env.NO_COLOR !== undefined && env.NO_COLOR !== '';
  const force = env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== '';
  const color = colorFlag === false || noColor ? false : force || stdoutIsTty;
  return { color, stdoutIsTty, stderrIsTty: Boolean(process.stderr.isTTY), stdinIsTty: Boolean(process.stdin.isTTY) };
}

const CODES = { red: 31, green: 32, yellow: 33, bold: 1, dim: 2 } as const;
export type Style = keyof typeof CODES;

export function paint(color: boolean, style: Style, text: string): string {
  return color ? `\u001b[${CODES[style]}m${text}\u001b[0m` : text;
}
