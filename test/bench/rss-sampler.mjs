// Worker for memory.ts: polls the process's resident set size every
// millisecond into shared[0] (the peak) until shared[1] becomes non-zero.
import { workerData } from 'node:worker_threads';

const shared = new Float64Array(workerData);
const tick = () => {
  const rss = process.memoryUsage.rss();
  if (rss > shared[0]) shared[0] = rss;
  if (shared[1] === 0) setTimeout(tick, 1);
};
tick();
