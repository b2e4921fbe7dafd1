import { describe, expect, it } from 'vitest';
import { plan } from '../plan-topics.js';
import { planRebalance } from '../plan-rebalance.js';
import { ClusterStateBuilder } from '../testing/cluster-state-builder.js';
import { desiredState, topicSpec } from '../testing/desired-state.js';
import { renderPlanMarkdown } from './plan-markdown.js';

const builder = () => new ClusterStateBuilder().brokers(3, { racks: ['a', 'b', 'c'] }).topic('orders', { partitions: 6, rf: 3, sizeBytes: 2 ** 20 });
/** orders balanced on brokers 1–3. */
const state = () => builder().build();
/** …and an empty broker 4 added: rebalance (and plan, which keeps orders within ±1 per broker) moves replicas onto it. */
const grown = () => builder().broker(4, 'a').build();

describe('renderPlanMarkdown', () => {
  it('starts with the summary line, then issues, then collapsed topic changes', () => {
    const p = plan(desiredState([topicSpec('orders', { partitions: 6, replicationFactor: 3 }), topicSpec('new', { partitions: 1, replicationFactor: 1 })]), state());
    const md = renderPlanMarkdown(p);
    expect(md.split('\n')[0]).toBe('1 to create');
    expect(md).toContain('<summary>Changes by topic (1)</summary>');
    expect(md).toContain('```diff\n+ create new (1 partition, RF 1)\n```');
  });

  it('leads with the reassignment summary and carries its sections and Mermaid charts', () => {
    const p = planRebalance(grown(), { throttleBytesPerSec: 2 ** 20 });
    const md = renderPlanMarkdown(p, { topicCounts: false });
    expect(md.split('\n')[0]).toMatch(/^\d+ partition moves? \(.* at 1 MiB\/s\)$/);
    expect(md).toContain('```mermaid\nxychart-beta');
    expect(md).toContain('```mermaid\ngantt');
    expect(md).toContain('~ reassign orders (rebalance)');
  });

  it('says when nothing changes, with the given wording', () => {
    const p = plan(desiredState([topicSpec('orders', { partitions: 6, replicationFactor: 3 })]), state());
    expect(renderPlanMarkdown(p)).toBe('No changes. The cluster matches topics/.');
    expect(renderPlanMarkdown(p, { noChangesLine: 'Balanced.' })).toBe('Balanced.');
  });
});
