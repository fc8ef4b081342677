// The card list's lines line up without sharing one grid: each line is a grid
// of its own, contained, and their column widths are the widest cell of each
// column (decision 0024, fourth round: a shared subgrid laid all 50 lines out
// again for one line's change, 3.5–5 ms of a loading frame). A line's cells are
// read when it is new or what it shows changed, in a ResizeObserver's callback —
// after the frame's layout, so reading them lays nothing out again.

import type { RefObject } from 'preact';
import { useEffect, useLayoutEffect, useRef } from 'preact/hooks';

/** A line's cells, in its columns' order; the last (the buttons) takes the slack. */
const CELLS = ['.card__role', '.card__name', '.card__kind', '.card__size', '.card__total', '.card__actions'];

/** Column widths are multiples of this many pixels. */
const COLUMN_STEP = 8;

interface Lines {
  section: HTMLElement | null;
  /** Each line's key (see useCardColumns) when its cells were last read: a change reads them again. */
  keys: WeakMap<Element, string>;
  widths: Map<Element, number[]>;
  /** A line's content width, as last observed (all lines are as wide). */
  room: number;
  observer: ResizeObserver;
}

/**
 * Keeps the `--card-columns` of the list `list` at the widest cell of each column of its lines.
 * `keys`: one per card of the list, in its order, changed when what the card's line shows changed.
 */
export function useCardColumns(list: RefObject<HTMLElement | null>, keys: readonly string[]): void {
  const lines = useRef<Lines | null>(null);
  useLayoutEffect(() => {
    const section = list.current;
    if (!section) return;
    const l = (lines.current ??= watchLines());
    l.section = section;
    for (const line of [...l.widths.keys()]) {
      if (line.parentElement === section) continue;
      l.widths.delete(line);
      l.observer.unobserve(line);
    }
    const cards = section.children;
    for (let i = 0; i < cards.length; i++) {
      const line = cards[i];
      if (!line.classList.contains('card--row') || l.keys.get(line) === keys[i]) continue;
      l.keys.set(line, keys[i]);
      // Observing again delivers the line's size once more, after the next layout.
      l.observer.unobserve(line);
      l.observer.observe(line);
    }
    setColumns(l);
  });
  useEffect(() => () => lines.current?.observer.disconnect(), []);
}

function watchLines(): Lines {
  const l: Lines = { section: null, keys: new WeakMap(), widths: new Map(), room: Infinity, observer: null as unknown as ResizeObserver };
  l.observer = new ResizeObserver((entries) => {
    for (const e of entries) {
      // scrollWidth: the text's whole width even where the column is narrower (nowrap; the name clips).
      if (!e.target.isConnected) continue;
      l.widths.set(e.target, CELLS.map((s) => e.target.querySelector(s)?.scrollWidth ?? 0));
      l.room = e.contentRect.width;
    }
    setColumns(l);
  });
  return l;
}

function setColumns(l: Lines): void {
  if (!l.section) return;
  const widest = CELLS.map(() => 0);
  for (const w of l.widths.values()) w.forEach((x, i) => (widest[i] = Math.max(widest[i], x)));
  const tracks = widest.map((w) => Math.ceil((w + 1) / COLUMN_STEP) * COLUMN_STEP);
  // The buttons go under the line's cells when the line has no room for them beside the name at its narrowest.
  const [role, name, kind, size, total, actions] = tracks;
  const narrow = role + NAME_MIN_PX + kind + size + total + actions + (CELLS.length - 1) * GAP_PX > l.room;
  const template = l.widths.size === 0 ? '' : narrow ? columnsTemplate(tracks.slice(0, -1)) : columnsTemplate(tracks);
  // Unchanged (most renders): no style change, so the other lines are not laid out again.
  if (l.section.style.getPropertyValue('--card-columns') !== template) l.section.style.setProperty('--card-columns', template);
  l.section.classList.toggle('cards--narrow', narrow && l.widths.size > 0);
}

/** The name's narrowest (8rem) and the gap between a line's columns (1rem), as styles.css has them. */
const NAME_MIN_PX = 128;
const GAP_PX = 16;

/**
 * As the shared grid had it: the name at least 8rem, at most its text; the buttons' column, when
 * given, takes the rest. Widths are in steps: a new line a pixel wider (243 KiB after 242 KiB)
 * leaves the template as it is, where a change restyles and lays out every line; and scrollWidth
 * rounds a fraction down.
 */
function columnsTemplate([role, name, kind, size, total, actions]: number[]): string {
  const cells = `${role}px minmax(8rem, ${name}px) ${kind}px ${size}px ${total}px`;
  return actions === undefined ? cells : `${cells} minmax(${actions}px, 1fr)`;
}
