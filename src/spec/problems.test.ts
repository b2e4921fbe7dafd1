import { describe, expect, it } from 'vitest';
import { SpecError, formatPath, formatProblems, hasErrors } from './problems.js';
import type { SpecProblem } from './problems.js';

const problems: SpecProblem[] = [
  { severity: 'error', file: 'topics/orders.yaml', line: 7, column: 5, path: 'config.retention.ms', message: 'Invalid value -5' },
  { severity: 'warning', file: 'topics/orders.yaml', line: 9, column: 3, path: '', message: 'one broker down' },
  { severity: 'error', file: 'topics', line: 0, column: 0, path: '', message: 'cannot read' },
];

describe('formatProblems', () => {
  it('prints file:line:col: severity: path: message and a count line', () => {
    expect(formatProblems(problems, { color: false }).split('\n')).toEqual([
      'topics/orders.yaml:7:5: error: config.retention.ms: Invalid value -5',
      'topics/orders.yaml:9:3: warning: one broker down',
      'topics: error: cannot read',
      '2 errors, 1 warning',
    ]);
  });
  it('counts in the singular and with nothing to say', () => {
    expect(formatProblems([problems[1]], { color: false }).split('\n').at(-1)).toBe('0 errors, 1 warning');
    expect(formatProblems([], { color: false })).toBe('0 errors, 0 warnings');
  });
  it('colours only when asked', () => {
    const colored = formatProblems(problems, { color: true });
    expect(colored).toContain('\u001b[31m');
    expect(colored.replace(/\u001b\[[0-9;]*m/g, '')).toBe(formatProblems(problems, { color: false }));
    expect(formatProblems(problems, { color: false })).not.toContain('\u001b');
  });
});

describe('hasErrors / SpecError / formatPath', () => {
  it('warnings alone are not errors', () => {
    expect(hasErrors([problems[1]])).toBe(false);
    expect(hasErrors(problems)).toBe(true);
  });
  it('SpecError carries the problems and prints them', () => {
    const e = new SpecError(problems);
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('SpecError');
    expect(e.problems).toBe(problems);
    expect(e.message).toContain('topics/orders.yaml:7:5: error: config.retention.ms: Invalid value -5');
  });
  it('formats field paths', () => {
    expect(formatPath(['config', 'retention.ms'])).toBe('config.retention.ms');
    expect(formatPath(['replicaAssignment', 2, 0])).toBe('replicaAssignment[2][0]');
    expect(formatPath([])).toBe('');
  });
});
