/**
 * A small min-cost flow solver (successive shortest paths, Dijkstra with Johnson potentials).
 * Placement strategies express "keep replicas, balance brokers, respect racks" as a flow network;
 * this file knows nothing about Kafka. Costs must be non-negative integers (safe up to 2^53).
 * Deterministic: ties are broken by node and edge insertion order.
 */

export class FlowNetwork {
  private readonly to: number[] = [];
  private readonly cap: number[] = [];
  private readonly cost: number[] = [];
  private readonly adjacency: number[][] = [];

  constructor(nodeCount: number) {
    for (let i = 0; i < nodeCount; i++) this.adjacency.push([]);
  }

  get nodeCount(): number {
    return this.adjacency.length;
  }

  addNode(): number {
    this.adjacency.push([]);
    return this.adjacency.length - 1;
  }

  /** Adds an edge and its residual twin; returns the edge id (its twin is id ^ 1). */
  addEdge(from: number, to: number, capacity: number, cost: number): number {
    if (cost < 0 || !Number.isInteger(cost)) throw new RangeError(`edge cost must be a non-negative integer, got ${cost}`);
    const id = this.to.length;
    this.to.push(to, from);
    this.cap.push(capacity, 0);
    this.cost.push(cost, -cost);
    this.adjacency[from].push(id);
    this.adjacency[to].push(id + 1);
    return id;
  }

  /** Flow currently on a forward edge. */
  flow(edge: number): number {
    return this.cap[edge ^ 1];
  }

  residual(edge: number): number {
    return this.cap[edge];
  }

  /**
   * Pushes `amount` along a path of forward edges without any cost check. Only for seeding with
   * zero-cost edges: a flow made of zero-cost edges is min-cost for its value (its residual graph has no
   * negative cycle), so successive shortest paths may continue from it.
   */
  pushPath(edges: readonly number[], amount: number): void {
    for (const e of edges) {
      if (this.cost[e] !== 0) throw new Error('pushPath only seeds zero-cost edges');
      if (this.cap[e] < amount) throw new Error('pushPath over capacity');
    }
    for (const e of edges) {
      this.cap[e] -= amount;
      this.cap[e ^ 1] += amount;
    }
  }

  /**
   * Augments from source to sink until `limit` more units flow or no path is left; returns the units pushed.
   * Primal-dual: one Dijkstra per phase fixes the potentials, then every path of zero reduced cost is used
   * (depth-first, Dinic style) before the next Dijkstra.
   */
  augment(source: number, sink: number, limit: number): number {
    const n = this.adjacency.length;
    const potential = new Array<number>(n).fill(0);
    this.initialisePotentials(source, potential);
    let pushed = 0;
    const dist = new Array<number>(n);
    const settled = new Array<boolean>(n);
    const dead = new Array<boolean>(n);
    const onPath = new Array<boolean>(n);
    const nextEdge = new Array<number>(n);
    while (pushed < limit) {
      dist.fill(Infinity);
      settled.fill(false);
      dist[source] = 0;
      const heap = new MinHeap();
      heap.push(0, source);
      while (heap.size > 0) {
        const [d, u] = heap.pop();
        if (settled[u] || d > dist[u]) continue;
        settled[u] = true;
        if (u === sink) break;
        for (const e of this.adjacency[u]) {
          if (this.cap[e] <= 0) continue;
          const v = this.to[e];
          const nd = d + this.cost[e] + potential[u] - potential[v];
          if (nd < dist[v]) {
            dist[v] = nd;
            heap.push(nd, v);
          }
        }
      }
      if (!settled[sink]) break;
      const cut = dist[sink];
      for (let v = 0; v < n; v++) potential[v] += Math.min(dist[v], cut);

      dead.fill(false);
      onPath.fill(false);
      nextEdge.fill(0);
      const dfs = (u: number, amount: number): number => {
        if (u === sink) return amount;
        onPath[u] = true;
        const edges = this.adjacency[u];
        for (; nextEdge[u] < edges.length; nextEdge[u]++) {
          const e = edges[nextEdge[u]];
          const v = this.to[e];
          if (this.cap[e] <= 0 || dead[v] || onPath[v]) continue;
          if (this.cost[e] + potential[u] - potential[v] !== 0) continue;
          const got = dfs(v, Math.min(amount, this.cap[e]));
          if (got > 0) {
            this.cap[e] -= got;
            this.cap[e ^ 1] += got;
            onPath[u] = false;
            return got;
          }
        }
        onPath[u] = false;
        dead[u] = true;
        return 0;
      };
      let phase = 0;
      for (let got = dfs(source, limit - pushed); got > 0; got = dfs(source, limit - pushed)) {
        pushed += got;
        phase += got;
        if (pushed >= limit) break;
      }
      if (phase === 0) break; // cannot happen with consistent potentials; guards against a silent endless loop
    }
    return pushed;
  }

  /** Bellman-Ford shortest distances from source over residual edges (seeded flows leave cost-0 twins only). */
  private initialisePotentials(source: number, potential: number[]): void {
    const n = this.adjacency.length;
    const dist = new Array<number>(n).fill(Infinity);
    dist[source] = 0;
    const queue: number[] = [source];
    const queued = new Array<boolean>(n).fill(false);
    queued[source] = true;
    for (let head = 0; head < queue.length; head++) {
      const u = queue[head];
      queued[u] = false;
      for (const e of this.adjacency[u]) {
        if (this.cap[e] <= 0) continue;
        const v = this.to[e];
        if (dist[u] + this.cost[e] < dist[v]) {
          dist[v] = dist[u] + this.cost[e];
          if (!queued[v]) {
            queued[v] = true;
            queue.push(v);
          }
        }
      }
    }
    for (let v = 0; v < n; v++) potential[v] = Number.isFinite(dist[v]) ? dist[v] : 0;
  }
}

/** Binary min-heap of (key, node), ties by node id for determinism. */
class MinHeap {
  private readonly keys: number[] = [];
  private readonly nodes: number[] = [];

  get size(): number {
    return this.keys.length;
  }

  push(key: number, node: number): void {
    this.keys.push(key);
    this.nodes.push(node);
    let i = this.keys.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  pop(): [number, number] {
    const top: [number, number] = [this.keys[0], this.nodes[0]];
    const lastKey = this.keys.pop()!;
    const lastNode = this.nodes.pop()!;
    if (this.keys.length > 0) {
      this.keys[0] = lastKey;
      this.nodes[0] = lastNode;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < this.keys.length && this.less(l, m)) m = l;
        if (r < this.keys.length && this.less(r, m)) m = r;
        if (m === i) break;
        this.swap(i, m);
        i = m;
      }
    }
    return top;
  }

  private less(a: number, b: number): boolean {
    return this.keys[a] < this.keys[b] || (this.keys[a] === this.keys[b] && this.nodes[a] < this.nodes[b]);
  }

  private swap(a: number, b: number): void {
    [this.keys[a], this.keys[b]] = [this.keys[b], this.keys[a]];
    [this.nodes[a], this.nodes[b]] = [this.nodes[b], this.nodes[a]];
  }
}
