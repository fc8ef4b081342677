// The renderer's main thread as Chromium's tracing sees it: each top-level task
// with its wall time and its thread time (CPU). The long task API gives wall
// time alone, which on a machine whose cores are busy with other work (the
// page's own decoders, another test run) counts the time the thread waited
// for a core; thread time is what the page's work costs (decision 0024).

import type { CDPSession, Page } from 'playwright-core';

export interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string; data?: Record<string, unknown> };
}

export interface Task {
  ts: number;
  /** Milliseconds. */
  wall: number;
  cpu: number;
  /** Self time (thread time, ms) by event name inside the task. */
  inner: Map<string, number>;
}

/** Top-level tasks only: cheap enough to leave on during a browser test. */
export const TASK_CATEGORIES = ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink.user_timing'];

/** Starts a trace of the page; the function returned stops it and gives its events. */
export async function startTrace(page: Page, categories: readonly string[] = TASK_CATEGORIES): Promise<{ cdp: CDPSession; stop: () => Promise<TraceEvent[]> }> {
  const cdp = await page.context().newCDPSession(page);
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (e) => events.push(...(e.value as unknown as TraceEvent[])));
  await cdp.send('Tracing.start', { traceConfig: { includedCategories: [...categories], recordMode: 'recordContinuously' } } as never);
  return {
    cdp,
    stop: async () => {
      const complete = new Promise<void>((r) => cdp.once('Tracing.tracingComplete', () => r()));
      await cdp.send('Tracing.end');
      await complete;
      return events;
    },
  };
}

/** The renderer's main thread: the CrRendererMain with the most top-level tasks. */
function mainThread(events: TraceEvent[]): { pid: number; tid: number } {
  const mains = events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  let best = { pid: 0, tid: 0 };
  let most = -1;
  for (const m of mains) {
    const n = events.filter((e) => e.pid === m.pid && e.tid === m.tid && e.ph === 'X').length;
    if (n > most) [best, most] = [{ pid: m.pid, tid: m.tid }, n];
  }
  return best;
}

/** The main thread's top-level tasks from the user timing mark `after` (all when absent), each with its inner events' self thread time. */
export function mainThreadTasks(events: TraceEvent[], after?: string): Task[] {
  const { pid, tid } = mainThread(events);
  const mine = events.filter((e) => e.pid === pid && e.tid === tid && e.ph === 'X' && e.dur !== undefined).sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
  const from = (after && events.find((e) => e.name === after)?.ts) || 0;
  const out: Task[] = [];
  let task: Task | null = null;
  let end = -1;
  const stack: { e: TraceEvent; child: number }[] = [];
  const close = (upTo: number) => {
    while (stack.length > 0 && stack[stack.length - 1].e.ts + stack[stack.length - 1].e.dur! <= upTo) {
      const { e, child } = stack.pop()!;
      const self = (e.tdur ?? e.dur!) - child;
      if (task) task.inner.set(e.name, (task.inner.get(e.name) ?? 0) + self / 1000);
      if (stack.length > 0) stack[stack.length - 1].child += e.tdur ?? e.dur!;
    }
  };
  for (const e of mine) {
    if (e.ts >= end) {
      close(Infinity);
      task = e.ts > from ? { ts: e.ts, wall: e.dur! / 1000, cpu: (e.tdur ?? e.dur!) / 1000, inner: new Map() } : null;
      if (task) out.push(task);
      end = e.ts + e.dur!;
      continue;
    }
    close(e.ts);
    stack.push({ e, child: 0 });
  }
  close(Infinity);
  return out;
}

let watches = 0;

/**
 * Traces the page's main thread from now; the function returned stops the trace and gives the tasks
 * since. Marks at both ends prove the trace whole: a trace whose buffer overflowed lost its start
 * mark, and a task still running at the end mark has ended before it (the mark is the next task).
 */
export async function watchMainThread(page: Page): Promise<() => Promise<{ tasks: Task[]; events: TraceEvent[] }>> {
  const trace = await startTrace(page);
  const start = `heapdiff-watch-${++watches}`;
  await page.evaluate((name) => performance.mark(name), start);
  return async () => {
    await page.evaluate((name) => performance.mark(name), `${start}-end`);
    const events = await trace.stop();
    await trace.cdp.detach();
    for (const mark of [start, `${start}-end`]) {
      if (!events.some((e) => e.name === mark)) throw new Error(`the trace of the main thread lost its mark ${mark}: its buffer overflowed`);
    }
    const end = events.find((e) => e.name === `${start}-end`)!.ts;
    return { tasks: mainThreadTasks(events, start).filter((t) => t.ts < end), events };
  };
}

const r1 = (ms: number) => Math.round(ms * 10) / 10;

/** "62.1 ms CPU (80.4 wall): Layout 40.2, FunctionCall 12" — the task's cost and where it went. */
export function describeTask(t: Task): string {
  const inner = [...t.inner].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([name, ms]) => `${name} ${r1(ms)}`);
  return `${r1(t.cpu)} ms CPU (${r1(t.wall)} wall)${inner.length > 0 ? `: ${inner.join(', ')}` : ''}`;
}
