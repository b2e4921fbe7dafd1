/**
 * Planner benchmark: a generated cluster of 100 brokers in 10 racks, 20,000 topics, 200,000 partitions, RF 3
 * (seeded RNG: partition counts and sizes random; replicas rack-aware and balanced ±1 per broker and per topic),
 * with the matching YAML. Cases, each in a fresh child process (so peak RSS is the case's own):
 *   (a) plan with no changes;
 *   (b) plan after 10 brokers are added (one per rack), with rebalance;
 *   (c) plan decommissioning 5 brokers (excludedBrokers).
 * Figures: plan() wall and CPU time (and, alone, the reassignment preview's share of it), peak RSS of the process (input included) and heap after planning; for (b) and (c)
 * replica moves ÷ the lower bound (Σ over brokers of replicas above the balanced target, computed here
 * independently of the planner), and how close per-topic ±1 (replicas, preferred leaders) gets.
 * Targets: each case under 2 s and 1 GiB; moves ÷ lower bound = 1.00.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { BrokerState, ClusterState, ConfigEntryState, PartitionState, TopicState } from '../src/model/cluster-state.js';
import type { DesiredState, TopicSpec } from '../src/model/desired-state.js';
import { TOPIC_CONFIGS } from '../src/model/topic-configs.js';
import { clusterBalanceStats, plan, type Plan, type PlanOptions } from '../src/planner/index.js';
import { planReassignment } from '../src/planner/reassignment/index.js';

export const name = 'planner';
export const description = 'plan() on 100 brokers / 20,000 topics / 200,000 partitions: no change, +10 brokers (rebalance), −5 brokers';

const BROKERS = 100;
const RACKS = 10;
const TOPICS = 20_000;
const PARTITIONS = 200_000;
const RF = 3;
const SEED = 20240601;
const ADDED = Array.from({ length: 10 }, (_, i) => BROKERS + 1 + i);
const EXCLUDED = [7, 23, 48, 61, 95];

type CaseName = 'no-change' | 'add-10-brokers' | 'decommission-5';
const CASES: readonly CaseName[] = ['no-change', 'add-10-brokers', 'decommission-5'];

/** mulberry32: small, seeded, good enough for test data. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function broker(id: number): BrokerState {
  return { id, rack: `rack-${(id - 1) % RACKS}`, host: `broker-${id}`, port: 9092 };
}

/** Partition counts 1..19 (mean 10), adjusted one by one until they sum to exactly PARTITIONS. */
function partitionCounts(random: () => number): number[] {
  const counts = Array.from({ length: TOPICS }, () => 1 + Math.floor(random() * 19));
  let diff = PARTITIONS - counts.reduce((a, b) => a + b, 0);
  for (let i = 0; diff !== 0; i = (i + 1) % TOPICS) {
    if (diff > 0 && counts[i] < 19) (counts[i]++, diff--);
    else if (diff < 0 && counts[i] > 1) (counts[i]--, diff++);
  }
  return counts;
}

export function generate(): { cluster: ClusterState; desired: DesiredState } {
  const random = rng(SEED);
  const counts = partitionCounts(random);
  // Every topic reports the whole catalogue, as DescribeConfigs does (entries shared: the planner never mutates them).
  const defaults: Record<string, ConfigEntryState> = {};
  for (const def of TOPIC_CONFIGS.values()) defaults[def.name] = { value: def.default, source: 'DEFAULT_CONFIG' };
  const retention: ConfigEntryState = { value: '259200000', source: 'DYNAMIC_TOPIC_CONFIG' };
  const topics: Record<string, TopicState> = {};
  const specs: TopicSpec[] = [];
  // Replicas of the n-th partition overall: brokers n, n+33, n+66 (mod 100): three racks, balanced ±1 per broker,
  // and per topic (a topic's ≤ 19 consecutive partitions never reuse a broker).
  let n = 0;
  for (let t = 0; t < TOPICS; t++) {
    const topicName = `team-${String(t % 50).padStart(2, '0')}.topic-${String(t).padStart(5, '0')}`;
    const partitions: PartitionState[] = [];
    for (let p = 0; p < counts[t]; p++, n++) {
      const replicas = [0, 33, 66].map((offset) => ((n + offset) % BROKERS) + 1);
      partitions.push({ partition: p, leader: replicas[0], replicas, isr: replicas, sizeBytes: Math.floor(random() * 2 ** 30) });
    }
    topics[topicName] = { name: topicName, partitions, configs: { ...defaults, 'retention.ms': retention } };
    specs.push({ name: topicName, partitions: counts[t], replicationFactor: RF, config: { 'retention.ms': '259200000' } });
  }
  const cluster: ClusterState = {
    clusterId: 'bench',
    controllerId: 1,
    brokers: Array.from({ length: BROKERS }, (_, i) => broker(i + 1)),
    topics,
  };
  return { cluster, desired: { topics: specs, protectedTopics: ['^__'], prune: false, ignoredConfigs: [] } };
}

/** Σ over brokers of replicas above the balanced target (floor or floor+1, the +1 to the fullest; excluded: 0). */
export function replicaLowerBound(cluster: ClusterState, excluded: readonly number[]): number {
  const counts = new Map(cluster.brokers.map((b) => [b.id, 0]));
  for (const topic of Object.values(cluster.topics)) for (const p of topic.partitions) for (const id of p.replicas) counts.set(id, (counts.get(id) ?? 0) + 1);
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  const active = [...counts.entries()].filter(([id]) => !excluded.includes(id)).sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  const floor = Math.floor(total / active.length);
  let bound = excluded.reduce((sum, id) => sum + (counts.get(id) ?? 0), 0);
  active.forEach(([, c], i) => (bound += Math.max(0, c - (floor + (i < total % active.length ? 1 : 0)))));
  return bound;
}

function replicaMoves(result: Plan): { replicas: number; leaders: number; partitions: number } {
  let replicas = 0;
  let leaders = 0;
  let partitions = 0;
  for (const a of result.actions) {
    if (a.kind !== 'reassign-partitions') continue;
    for (const m of a.moves) {
      partitions++;
      replicas += m.to.filter((id) => !m.from.includes(id)).length;
      if (m.to[0] !== m.from[0]) leaders++;
    }
  }
  return { replicas, leaders, partitions };
}

function balanceAfter(cluster: ClusterState, result: Plan, excluded: readonly number[]): Record<string, unknown> {
  const moved = new Map<string, number[][]>();
  for (const a of result.actions) {
    if (a.kind !== 'reassign-partitions') continue;
    const lists = cluster.topics[a.topic].partitions.map((p) => [...p.replicas]);
    for (const m of a.moves) lists[m.partition] = [...m.to];
    moved.set(a.topic, lists);
  }
  const stats = clusterBalanceStats(
    cluster.brokers.map((b) => ({ id: b.id, rack: b.rack })),
    excluded,
    Object.values(cluster.topics).map((t) => ({
      name: t.name,
      replicas: moved.get(t.name) ?? t.partitions.map((p) => p.replicas),
      movablePartitions: 0,
      rackRule: true,
    })),
  );
  return {
    replicaSpread: stats.replicaSpread,
    leaderSpread: stats.leaderSpread,
    topicsReplicasWithinOne: `${((100 * stats.topicsReplicasWithinOne) / stats.topics).toFixed(2)} %`,
    topicsLeadersWithinOne: `${((100 * stats.topicsLeadersWithinOne) / stats.topics).toFixed(2)} %`,
    maxTopicReplicaSpread: stats.maxTopicReplicaSpread,
    maxTopicLeaderSpread: stats.maxTopicLeaderSpread,
    rackViolations: stats.rackViolations,
    replicasLeftOnExcluded: stats.onExcluded,
  };
}

/** One case, in this process: generate, plan (timed), measure. */
function runCase(which: CaseName): Record<string, unknown> {
  const { cluster: base, desired } = generate();
  const cluster: ClusterState = which === 'add-10-brokers' ? { ...base, brokers: [...base.brokers, ...ADDED.map(broker)] } : base;
  const options: PlanOptions =
    which === 'add-10-brokers' ? { rebalance: true } : which === 'decommission-5' ? { excludedBrokers: EXCLUDED } : {};
  const excluded = options.excludedBrokers ?? [];
  const rssBefore = process.memoryUsage().rss;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const result = plan(desired, cluster, options);
  const ms = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  const figures: Record<string, unknown> = {
    planMs: Math.round(ms),
    // CPU time of the planning thread and GC (wall time includes waiting when other processes share the cores)
    planCpuMs: Math.round((cpu.user + cpu.system) / 1000),
    peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
    rssBeforePlanMiB: Math.round(rssBefore / 2 ** 20),
    heapAfterPlanMiB: Math.round(process.memoryUsage().heapUsed / 2 ** 20),
    actions: result.actions.length,
    errors: result.errors.length,
    warnings: result.warnings.length,
  };
  if (which === 'no-change') return { ...figures, ...replicaMoves(result) };
  const moves = replicaMoves(result);
  const bound = replicaLowerBound(cluster, excluded);
  // The reassignment preview (batches, throttles, before/after) is part of plan(); timed again alone to show its share.
  const previewStarted = performance.now();
  planReassignment({ moves: result.actions.flatMap((a) => (a.kind === 'reassign-partitions' ? a.moves : [])), state: cluster });
  const previewMs = Math.round(performance.now() - previewStarted);
  return {
    ...figures,
    reassignmentPreviewMs: previewMs,
    replicaMoves: moves.replicas,
    lowerBound: bound,
    movesOverLowerBound: Number((moves.replicas / bound).toFixed(4)),
    partitionsReassigned: moves.partitions,
    leaderChanges: moves.leaders,
    batches: result.reassignment?.summary.batches ?? 0,
    ...balanceAfter(cluster, result, excluded),
  };
}

function inChild(which: CaseName): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), ['--case', which], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let figures: Record<string, unknown> | undefined;
    child.on('message', (m) => (figures = m as Record<string, unknown>));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 && figures ? resolve(figures) : reject(new Error(`bench case ${which} exited with ${code}`))));
  });
}

export async function run(): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const which of CASES) {
    const figures = await inChild(which);
    out[which] = figures;
    process.stdout.write(`  ${which}: ${JSON.stringify(figures)}\n`);
  }
  return out;
}

const caseArg = process.argv.indexOf('--case');
if (caseArg >= 0 && process.send) {
  const which = process.argv[caseArg + 1] as CaseName;
  process.send(runCase(which), () => process.exit(0));
} else if (process.argv[1] === fileURLToPath(import.meta.url)) {
  run().catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  });
}
