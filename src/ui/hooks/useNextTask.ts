// For a part of a view that can be drawn a task after the view appears: false
// until a task after the view's first frame, then true. The comparison's first
// frame (cards as lines, tabs, timeline, the report's head) with the heap
// view's controls was one long task while the decoders and the view worker
// held the cores (decision 0041).

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
