// Work the page does ahead, once it has drawn itself and waits for files.

/** Runs `work` when the page is idle, within a second at most. */
export function whenIdle(work: () => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(() => work(), { timeout: 1000 });
  else setTimeout(work, 200);
}
