/**
 * Problems found in the YAML (errors and warnings with file:line:column), the SpecError that carries
 * them, and the formatter the CLI prints them with. Pure.
 */

export const SEVERITIES = ['error', 'warning'] as const;
export type Severity = (typeof SEVERITIES)[number];

export interface SpecProblem {
  severity: Severity;
  /** Path relative to the project dir, with `/` separators (e.g. "topics/orders.yaml"). */
  file: string;
  /** 1-based; 0 when the problem concerns the whole file or directory. */
  line: number;
  /** 1-based; 0 when the problem concerns the whole file or directory. */
  column: number;
  /** Field path inside the YAML document ("config.retention.ms", "replicaAssignment[2]"); "" for the document. */
  path: string;
  message: string;
}

/** Thrown by callers that refuse to go on with an invalid spec (the CLI); loadProject itself never throws for bad input. */
export class SpecError extends Error {
  readonly problems: readonly SpecProblem[];

  constructor(problems: readonly SpecProblem[], message?: string) {
    super(message ?? formatProblems(problems, { color: false }));
    this.name = 'SpecError';
    this.problems = problems;
  }
}

export function hasErrors(problems: readonly SpecProblem[]): boolean {
  return problems.some((p) => p.severity === 'error');
}

/** Field path segments → "config.retention.ms" / "replicaAssignment[2][0]". */
export function formatPath(path: readonly (string | number)[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out === '' ? seg : `.${seg}`;
  }
  return out;
}

const ANSI = {
  red: '\u001b[31m',
  yellow: '\u001b[33m',
  bold: '\u001b[1m',
  dim: '\u001b[2m',
  reset: '\u001b[0m',
} as const;

function paint(text: string, code: string, color: boolean): string {
  return color ? `${code}${text}${ANSI.reset}` : text;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** One problem as `file:line:col: error: path: message` (line/col left out when 0, path when empty). */
export function formatProblem(p: SpecProblem, options: { color: boolean }): string {
  const where = p.line > 0 ? `${p.file}:${p.line}:${p.column}` : p.file;
  const severity = paint(p.severity, p.severity === 'error' ? ANSI.red + ANSI.bold : ANSI.yellow + ANSI.bold, options.color);
  const path = p.path === '' ? '' : `${paint(p.path, ANSI.bold, options.color)}: `;
  return `${paint(where, ANSI.dim, options.color)}: ${severity}: ${path}${p.message}`;
}

/** Every problem on its own line, then a count line such as "2 errors, 1 warning". */
export function formatProblems(problems: readonly SpecProblem[], options: { color: boolean }): string {
  const errors = problems.filter((p) => p.severity === 'error').length;
  const warnings = problems.length - errors;
  const lines = problems.map((p) => formatProblem(p, options));
  lines.push(`${plural(errors, 'error')}, ${plural(warnings, 'warning')}`);
  return lines.join('\n');
}
