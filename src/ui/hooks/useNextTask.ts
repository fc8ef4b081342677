// For a part of a view that can be drawn a task after the view appears: false
// until a task after the view's first frame, then true. The comparison's first
// frame (cards as lines, tabs, timeline, the report's head) with its controls
// was one task of ~21 ms of CPU, 50–78 ms of wall time while the worker
// computed the first view on the other core (decision 0041).

import { useEffect, useState } from 'preact/hooks';

export function useNextTask(): boolean {
  const [next, setNext] = useState(false);
  useEffect(() => {
    // Effects run with the first frame; the timer's task comes after it.
    const timer = setTimeout(() => setNext(true), 0);
    return () => clearTimeout(timer);
  }, []);
  return next;
}
