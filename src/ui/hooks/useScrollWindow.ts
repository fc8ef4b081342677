// The scrolled window of a virtualised list (the table's rows, the call
// tree's): its scroll position, read once a frame, and its height, measured
// when the box has been laid out anyway (a ResizeObserver), never by forcing
// a layout; and its first rows drawn a few a frame (useGrowing).

import type { RefObject } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';

export interface ScrollWindow {
  top: number;
  height: number;
}

export function useScrollWindow(scroller: RefObject<HTMLElement | null>): { win: ScrollWindow; setWin: (update: (w: ScrollWindow) => ScrollWindow) => void; onScroll: () => void } {
  const [win, setWin] = useState<ScrollWindow>({ top: 0, height: 600 });
  const frame = useRef(0);

  useEffect(() => {
    const el = scroller.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver((entries) => {
      const h = Math.round(entries[entries.length - 1].contentRect.height);
      setWin((w) => (h > 0 && h !== w.height ? { ...w, height: h } : w));
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  useEffect(() => () => cancelAnimationFrame(frame.current), []);

  const onScroll = () => {
    if (frame.current) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = 0;
      const el = scroller.current;
      if (el) setWin((w) => ({ ...w, top: el.scrollTop }));
    });
  };
  return { win, setWin, onScroll };
}

const CHUNK = 12;

/**
 * How many of `total` row slots to draw: CHUNK more each animation frame
 * until there are enough. Slots are kept from then on: a new answer or a
 * scroll patches the text of rows already there, which is cheap; making the
 * elements is what costs.
 */
export function useGrowing(total: number): number {
  const [shown, setShown] = useState(CHUNK);
  const done = shown >= total;
  useEffect(() => {
    if (done) return;
    const id = requestAnimationFrame(() => setShown((s) => s + CHUNK));
    return () => cancelAnimationFrame(id);
  }, [shown, done]);
  return Math.min(shown, total);
}
