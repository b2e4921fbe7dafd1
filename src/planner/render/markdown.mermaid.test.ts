// @vitest-environment jsdom
/**
 * Every Mermaid block the Markdown renderer writes must parse with the real `mermaid` package (what GitHub runs),
 * and the gantt timeline must lay the batches end to end with their durations. Needs the devDependencies
 * `mermaid` and `jsdom` (mermaid's sanitiser needs a DOM; vitest's jsdom environment provides one).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { planReassignment } from '../reassignment/plan-reassignment.js';
import { exampleReassignment, exampleState, GiB, MiB } from '../reassignment/testing.js';
import type { PartitionMove, Reassignment } from '../reassignment/types.js';
import { ClusterStateBuilder } from '../testing/cluster-state-builder.js';
import { renderReassignmentMarkdown } from './markdown.js';

interface GanttTask {
  readonly task: string;
  readonly startTime: Date;
  readonly endTime: Date;
}

interface MermaidApi {
  initialize(config: Readonly<Record<string, unknown>>): void;
  parse(text: string): Promise<unknown>;
  readonly mermaidAPI: { getDiagramFromText(text: string): Promise<{ readonly db: unknown }> };
}

// Imported by name at run time so the typecheck does not depend on the package being installed.
const MERMAID_PACKAGE = 'mermaid';
let mermaid: MermaidApi;

beforeAll(async () => {
  try {
    mermaid = ((await import(/* @vite-ignore */ MERMAID_PACKAGE)) as { default: MermaidApi }).default;
  } catch (error) {
    throw new Error(`this test needs the devDependencies "mermaid" and "jsdom": ${String(error)}`);
  }
  mermaid.initialize({ startOnLoad: false });
});

function mermaidBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```mermaid\n([\s\S]*?)\n```$/gm)].map((m) => m[1]);
}

/** A cluster of 6 brokers, 3 topics and a larger reassignment (many batches, hours of ETA). */
function largeReassignment(): Reassignment {
  const builder = new ClusterStateBuilder().brokers(6, { racks: 3 });
  const moves: PartitionMove[] = [];
  for (const [t, name] of ['orders.v1', 'payments', 'audit_log-2'].entries()) {
    const assignment = Array.from({ length: 12 }, (_, p) => [1, 2, 3].map((k) => ((p + k + t) % 3) + 1));
    builder.topic(name, { assignment, sizeBytes: (t + 1) * 3 * GiB, defaults: false });
    assignment.forEach((from, p) => {
      if (p % 2 === 0) moves.push({ topic: name, partition: p, from, to: [from[0], from[1], 4 + (p % 3)], sizeBytes: (t + 1) * 3 * GiB });
      else if (p % 3 === 0) moves.push({ topic: name, partition: p, from, to: [from[1], from[0], from[2]], sizeBytes: (t + 1) * 3 * GiB });
    });
  }
  return planReassignment({ state: builder.build(), moves, options: { throttleBytesPerSec: 5 * MiB, maxMovesPerBroker: 2 } });
}

const cases: readonly [string, () => Reassignment][] = [
  ['the example, throttled', () => exampleReassignment()],
  ['the example, unthrottled', () => exampleReassignment({})],
  [
    'no sizes known (replica chart)',
    () =>
      planReassignment({
        state: new ClusterStateBuilder().brokers(3).topic('t', { assignment: [[1, 2]], defaults: false }).build(),
        moves: [{ topic: 't', partition: 0, from: [1, 2], to: [3, 2], sizeBytes: 0 }],
        options: { throttleBytesPerSec: 1 },
      }),
  ],
  [
    'copy batches only',
    () =>
      planReassignment({
        state: exampleState(),
        moves: [{ topic: 'payments', partition: 1, from: [2, 3], to: [4, 3], sizeBytes: 100 * MiB }],
        options: { throttleBytesPerSec: 10 * MiB },
      }),
  ],
  ['a large reassignment', largeReassignment],
];

describe('Markdown Mermaid blocks', () => {
  it.each(cases)('parse with mermaid: %s', async (_name, make) => {
    const blocks = mermaidBlocks(renderReassignmentMarkdown(make()));
    expect(blocks.length).toBeGreaterThan(0);
    for (const block of blocks) await expect(mermaid.parse(block), block).resolves.toBeTruthy();
  });

  it.each(cases.filter(([name]) => !name.includes('unthrottled')))('gantt lays batches end to end: %s', async (_name, make) => {
    const r = make();
    const gantt = mermaidBlocks(renderReassignmentMarkdown(r)).find((b) => b.startsWith('gantt'));
    expect(gantt).toBeDefined();
    await mermaid.parse(gantt as string);
    const diagram = await mermaid.mermaidAPI.getDiagramFromText(gantt as string);
    const tasks = (diagram.db as { getTasks(): GanttTask[] }).getTasks();
    expect(tasks.map((t) => t.task.trim().split(' - ')[0])).toEqual(r.batches.map((b) => `Batch ${b.index}`));
    tasks.forEach((task, i) => {
      expect(task.endTime.getTime() - task.startTime.getTime()).toBe((r.batches[i].durationSeconds ?? 0) * 1000);
      if (i > 0) expect(task.startTime.getTime()).toBe(tasks[i - 1].endTime.getTime());
    });
    const total = tasks.at(-1)!.endTime.getTime() - tasks[0].startTime.getTime();
    expect(total).toBe((r.summary.etaSeconds ?? 0) * 1000);
  });

  it('the large case really has many batches and a long ETA', () => {
    const r = largeReassignment();
    expect(r.batches.length).toBeGreaterThanOrEqual(4);
    expect(r.summary.etaSeconds).toBeGreaterThan(3600);
  });
});
