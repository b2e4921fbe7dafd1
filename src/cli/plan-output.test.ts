import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { planRebalance } from '../planner/index.js';
import { ClusterStateBuilder } from '../planner/testing/cluster-state-builder.js';
import type { CommandContext } from './context.js';
import { ExitError } from './exit.js';
import { printPlan } from './plan-output.js';

function capture(): { ctx: CommandContext; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const ctx: CommandContext = {
    dir: '/',
    terminal: { color: false, stdinIsTty: false, stdoutIsTty: false, stderrIsTty: false } as CommandContext['terminal'],
    logger: pino({ level: 'silent' }),
    globals: {},
    out: (t) => out.push(t),
    err: (t) => err.push(t),
  };
  return { ctx, out, err };
}

describe('printPlan --format kafka-reassignment', () => {
  const grown = new ClusterStateBuilder().brokers(3).topic('t', { partitions: 6, rf: 2 }).broker(4).broker(5).build();

  it('prints the reassignment file for a plan without errors', () => {
    const { ctx, out } = capture();
    printPlan(ctx, planRebalance(grown), { format: 'kafka-reassignment' });
    expect(JSON.parse(out.join('\n')).partitions.length).toBeGreaterThan(0);
  });

  it('prints no file when the plan has errors, only the errors, and exits 1', () => {
    const { ctx, out, err } = capture();
    const plan = planRebalance(grown, { protectedTopics: ['('] }); // an invalid pattern is a plan error
    expect(plan.errors.length).toBeGreaterThan(0);
    expect(() => printPlan(ctx, plan, { format: 'kafka-reassignment' })).toThrow(ExitError);
    expect(out).toEqual([]);
    expect(err.join('\n')).toMatch(/Error: .*\(/);
  });
});
