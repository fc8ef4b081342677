// The edges into a report's candidate nodes, summed as pprof's graph sums
// them (AddToEdgeDiv): each edge's weight, and whether it is inline — as long
// as every sample reaches its node through a location's inner line.

export class EdgeSums {
  private readonly ids = new Map<number, number>();
  private readonly weight: number[] = [];
  private readonly inline: boolean[] = [];
  private readonly dst: number[] = [];
  private readonly lastSample: number[] = [];

  /** `nodeCount`: the report's nodes (edges are keyed by their two ends). */
  constructor(private readonly nodeCount: number) {}

  /** Adds `weight` to the edge prev → n; with `sample` ≥ 0, once per sample (pprof's seenEdge). */
  add(prev: number, n: number, weight: number, inline: boolean, sample = -1): void {
    const key = prev * this.nodeCount + n;
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.weight.length;
      this.ids.set(key, id);
      this.weight.push(0);
      this.inline.push(true);
      this.dst.push(n);
      this.lastSample.push(-1);
    }
    if (sample >= 0) {
      if (this.lastSample[id] === sample) return;
      this.lastSample[id] = sample;
    }
    this.weight[id] += weight;
    if (!inline) this.inline[id] = false;
  }

  /** Every edge, in the order first met. */
  report(to: (dst: number, weight: number, inline: boolean) => void): void {
    for (let id = 0; id < this.weight.length; id++) to(this.dst[id], this.weight[id], this.inline[id]);
  }
}
