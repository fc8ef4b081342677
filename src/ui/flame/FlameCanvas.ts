// The flame graph drawn on a canvas: a rect per frame the worker sent (at
// most a few thousand: only frames wider than a pixel cross), names where
// they fit, search dimming, the selected function outlined, a tooltip on
// hover and on the keyboard's frame. A zoom animates the current drawing to
// the frame's span while the worker computes the zoomed frames.

import type { FlameView } from '../../core/flame';
import { displayName } from '../heap/TopTable';
import { cellAt, cellName, fit, frameFill, layoutFrames, neighbour, partOf, ROW_HEIGHT, textOn, tooltipRows, type Cell, type FlameLayout } from './flame-model';

export interface FlameCanvasHandlers {
  /** A click or Enter on a frame of the callees (or the top-down tree): zoom into it. */
  onZoom: (view: FlameView, cell: Cell) => void;
  /** Escape. */
  onZoomOut: () => void;
  /** The frame chosen (click or arrows): its function is the selection. */
  onPick: (view: FlameView, cell: Cell) => void;
}

const ZOOM_MS = 180;

export class FlameCanvas {
  private readonly canvas: HTMLCanvasElement;
  private readonly tip: HTMLDivElement;
  private view: FlameView | null = null;
  private layout: FlameLayout = { cells: [], rows: [], maxAbs: 0 };
  private flipped = false;
  private selected: string | null = null;
  private cursor = -1;
  private hover = -1;
  /** The span shown, as fractions of the root's width (animated on zoom). */
  private range: [number, number] = [0, 1];
  private animation = 0;
  private frameRequest = 0;
  private width = 0;
  private warmUp: ReturnType<typeof setTimeout>;
  private style: { dark: boolean; focusColor: string; fg: string; font: string } | undefined;
  private charWidth: number | undefined;
  private readonly resize: ResizeObserver;
  private readonly dark = matchMedia('(prefers-color-scheme: dark)');

  constructor(
    private readonly host: HTMLElement,
    private readonly handlers: FlameCanvasHandlers,
    private readonly onWidth: (px: number) => void,
  ) {
    this.canvas = document.createElement('canvas');
    this.canvas.className = 'flame-canvas__surface';
    this.canvas.tabIndex = 0;
    this.canvas.setAttribute('role', 'application');
    this.canvas.setAttribute('aria-roledescription', 'flame graph');
    this.canvas.setAttribute('aria-label', 'Flame graph. Arrows move between frames, Enter zooms in, Escape zooms out.');
    this.canvas.dataset.testid = 'flame-surface';
    this.tip = document.createElement('div');
    this.tip.className = 'flame-tip';
    this.tip.dataset.testid = 'flame-tooltip';
    this.tip.hidden = true;
    host.append(this.canvas, this.tip);
    this.canvas.addEventListener('mousemove', this.onMove);
    this.canvas.addEventListener('mouseleave', this.onLeave);
    this.canvas.addEventListener('click', this.onClick);
    this.canvas.addEventListener('keydown', this.onKey);
    this.canvas.addEventListener('focus', this.onFocus);
    this.canvas.addEventListener('blur', this.onBlur);
    this.dark.addEventListener('change', this.schedule);
    this.resize = new ResizeObserver(() => this.measure());
    this.resize.observe(host);
    this.measure();
    // The first text measured on a canvas sets fonts up (tens of ms, once per page): in a task of its own, while the worker computes.
    this.warmUp = setTimeout(() => {
      const ctx = this.canvas.getContext('2d');
      if (!ctx) return;
      ctx.font = this.colors().font;
      this.charWidth = ctx.measureText('abcdefghijklmnopqrstuvwxyz').width / 26 || 6;
    });
  }

  /** A new view (or flip): laid out again; the keyboard's frame goes to the zoomed frame unless only the marks changed. */
  show(view: FlameView, flipped: boolean): void {
    const same = this.view !== null && view.zoom.join('\n') === this.view.zoom.join('\n') && view.pivot === this.view.pivot && view.down.count === this.view.down.count && flipped === this.flipped;
    this.view = view;
    this.flipped = flipped;
    this.layout = layoutFrames(view, flipped);
    cancelAnimationFrame(this.animation);
    this.range = [0, 1];
    if (!same || this.cursor >= this.layout.cells.length) this.cursor = this.layout.cells.findIndex((c) => !c.up && c.i === 0);
    this.hover = -1;
    this.tip.hidden = true;
    this.host.dataset.frames = String(this.layout.cells.length);
    this.host.dataset.rows = String(this.layout.rows.length);
    this.describeCursor();
    this.schedule();
  }

  /** The selected function: its frames outlined. */
  select(name: string | null): void {
    this.selected = name;
    this.schedule();
  }

  /** Animates the drawing to a frame's span (the zoomed frames arrive after). */
  zoomTo(cell: Cell): void {
    const from = this.range;
    const to: [number, number] = [cell.x, cell.x + cell.width];
    const start = performance.now();
    cancelAnimationFrame(this.animation);
    const step = (now: number) => {
      const t = Math.min(1, (now - start) / ZOOM_MS);
      const e = t * (2 - t);
      this.range = [from[0] + (to[0] - from[0]) * e, from[1] + (to[1] - from[1]) * e];
      this.draw();
      if (t < 1) this.animation = requestAnimationFrame(step);
    };
    this.animation = requestAnimationFrame(step);
  }

  focus(): void {
    this.canvas.focus();
  }

  destroy(): void {
    clearTimeout(this.warmUp);
    cancelAnimationFrame(this.animation);
    cancelAnimationFrame(this.frameRequest);
    this.resize.disconnect();
    this.dark.removeEventListener('change', this.schedule);
    this.canvas.remove();
    this.tip.remove();
  }

  private measure(): void {
    const w = Math.floor(this.host.clientWidth);
    if (w > 0 && w !== this.width) {
      this.width = w;
      this.onWidth(w);
      this.schedule();
    }
  }

  private readonly schedule = () => {
    cancelAnimationFrame(this.frameRequest);
    this.frameRequest = requestAnimationFrame(() => this.draw());
  };

  private draw(): void {
    const view = this.view;
    const W = this.width;
    const H = Math.max(ROW_HEIGHT, this.layout.rows.length * ROW_HEIGHT);
    const ratio = window.devicePixelRatio || 1;
    if (this.canvas.width !== Math.round(W * ratio) || this.canvas.height !== Math.round(H * ratio)) {
      this.canvas.width = Math.round(W * ratio);
      this.canvas.height = Math.round(H * ratio);
      this.canvas.style.width = `${W}px`;
      this.canvas.style.height = `${H}px`;
    }
    const ctx = this.canvas.getContext('2d');
    if (!ctx || !view) return;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, W, H);
    const { focusColor, fg, font } = this.colors();
    const scheme = { dark: this.dark.matches };
    if (ctx.font !== font) ctx.font = font;
    ctx.textBaseline = 'middle';
    const charWidth = (this.charWidth ??= ctx.measureText('abcdefghijklmnopqrstuvwxyz').width / 26 || 6);
    const searching = view.search.text.trim() !== '';
    const [r0, r1] = this.range;
    const scale = W / (r1 - r0);
    const outlines: { x: number; y: number; w: number; color: string; line: number }[] = [];
    this.layout.cells.forEach((c, k) => {
      const x = (c.x - r0) * scale;
      const w = c.width * scale;
      if (x + w < 0 || x > W || w < 0.4) return;
      const y = c.row * ROW_HEIGHT;
      const p = partOf(view, c);
      ctx.globalAlpha = searching && !p.match[c.i] ? 0.28 : 1;
      ctx.fillStyle = frameFill(view, this.layout, c, scheme);
      ctx.fillRect(x, y, Math.max(0.4, w - 0.5), ROW_HEIGHT - 1);
      const chars = Math.floor((Math.min(w, W - Math.max(0, x)) - 6) / charWidth);
      if (chars >= 3) {
        ctx.fillStyle = textOn(scheme);
        ctx.fillText(fit(displayName(cellName(view, c)), chars), Math.max(x, 0) + 3, y + ROW_HEIGHT / 2);
      }
      if (k === this.cursor && document.activeElement === this.canvas) outlines.push({ x, y, w, color: fg, line: 2 });
      else if (this.selected !== null && cellName(view, c) === this.selected) outlines.push({ x, y, w, color: focusColor, line: 2 });
      else if (searching && p.match[c.i]) outlines.push({ x, y, w, color: focusColor, line: 1 });
    });
    ctx.globalAlpha = 1;
    for (const o of outlines) {
      ctx.strokeStyle = o.color;
      ctx.lineWidth = o.line;
      ctx.strokeRect(o.x + o.line / 2, o.y + o.line / 2, Math.max(1, o.w - 0.5 - o.line), ROW_HEIGHT - 1 - o.line);
    }
  }

  /** The page's colours and font, read once per theme (reading styles in every frame of an animation costs a style pass). */
  private colors(): { focusColor: string; fg: string; font: string } {
    const dark = this.dark.matches;
    if (this.style?.dark !== dark) {
      const style = getComputedStyle(this.host);
      this.style = { dark, focusColor: style.getPropertyValue('--focus').trim() || '#1a73e8', fg: style.getPropertyValue('--fg').trim() || '#1c1d1f', font: `11px ${style.fontFamily || 'system-ui, sans-serif'}` };
      this.charWidth = undefined;
    }
    return this.style;
  }

  private cellAtEvent(e: MouseEvent): number {
    const r = this.canvas.getBoundingClientRect();
    const [r0, r1] = this.range;
    const x = r0 + ((e.clientX - r.left) / Math.max(1, r.width)) * (r1 - r0);
    return cellAt(this.layout, Math.floor((e.clientY - r.top) / ROW_HEIGHT), x);
  }

  private readonly onMove = (e: MouseEvent) => {
    const k = this.cellAtEvent(e);
    if (k === this.hover) {
      if (k >= 0) this.placeTip(e.clientX, e.clientY);
      return;
    }
    this.hover = k;
    if (k < 0) {
      this.tip.hidden = true;
      return;
    }
    this.fillTip(k);
    this.placeTip(e.clientX, e.clientY);
  };

  private readonly onLeave = () => {
    this.hover = -1;
    this.tip.hidden = true;
  };

  private readonly onClick = (e: MouseEvent) => {
    const k = this.cellAtEvent(e);
    if (k < 0 || !this.view) return;
    this.cursor = k;
    this.describeCursor();
    this.act(k, true);
  };

  private readonly onFocus = () => {
    if (this.cursor >= 0) this.showCursorTip();
    this.schedule();
  };

  private readonly onBlur = () => {
    if (this.hover < 0) this.tip.hidden = true;
    this.schedule();
  };

  private readonly onKey = (e: KeyboardEvent) => {
    if (!this.view) return;
    if (e.key === 'ArrowLeft' || e.key === 'ArrowRight' || e.key === 'ArrowUp' || e.key === 'ArrowDown') {
      e.preventDefault();
      const k = neighbour(this.layout, this.cursor, e.key);
      if (k < 0 || k === this.cursor) return;
      this.cursor = k;
      this.handlers.onPick(this.view, this.layout.cells[k]);
      this.describeCursor();
      this.showCursorTip();
      this.schedule();
    } else if (e.key === 'Enter' && this.cursor >= 0) {
      e.preventDefault();
      this.act(this.cursor, false);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      this.handlers.onZoomOut();
    }
  };

  /** A frame chosen: picked, and zoomed into when it is a callee below the zoomed frame. */
  private act(k: number, pick: boolean): void {
    const view = this.view!;
    const c = this.layout.cells[k];
    if (pick) this.handlers.onPick(view, c);
    if (!c.up && c.i > 0) {
      this.zoomTo(c);
      this.handlers.onZoom(view, c);
    } else {
      this.schedule();
    }
  }

  private describeCursor(): void {
    const c = this.layout.cells[this.cursor];
    const view = this.view;
    if (!c || !view) {
      delete this.host.dataset.cursor;
      return;
    }
    this.host.dataset.cursor = cellName(view, c);
    this.host.dataset.cursorValue = String(partOf(view, c).value[c.i]);
    this.host.dataset.cursorRow = String(c.row);
  }

  private showCursorTip(): void {
    const c = this.layout.cells[this.cursor];
    if (!c) return;
    this.fillTip(this.cursor);
    const r = this.canvas.getBoundingClientRect();
    const [r0, r1] = this.range;
    const x = r.left + ((c.x + c.width / 2 - r0) / (r1 - r0)) * r.width;
    this.placeTip(Math.max(r.left, Math.min(r.right, x)), r.top + (c.row + 1) * ROW_HEIGHT);
  }

  /** The tooltip's text (names are text, never markup). */
  private fillTip(k: number): void {
    const view = this.view!;
    const c = this.layout.cells[k];
    const name = document.createElement('strong');
    name.textContent = displayName(cellName(view, c));
    const parts: Node[] = [name];
    const n = partOf(view, c).name[c.i];
    const where = n >= 0 ? view.location[n] : null;
    if (where) {
      const loc = document.createElement('span');
      loc.className = 'flame-tip__where';
      loc.textContent = displayName(where);
      parts.push(loc);
    }
    const dl = document.createElement('dl');
    for (const row of tooltipRows(view, c)) {
      const dt = document.createElement('dt');
      dt.textContent = row.label;
      const dd = document.createElement('dd');
      dd.textContent = row.value;
      dl.append(dt, dd);
    }
    parts.push(dl);
    this.tip.replaceChildren(...parts);
    this.tip.hidden = false;
  }

  /** Near the pointer (fixed: the scrolling drawing does not clip it), inside the window. */
  private placeTip(clientX: number, clientY: number): void {
    const tw = this.tip.offsetWidth;
    const th = this.tip.offsetHeight;
    let left = clientX + 14;
    if (left + tw > window.innerWidth) left = Math.max(0, clientX - tw - 14);
    let top = clientY + 14;
    if (top + th > window.innerHeight) top = Math.max(0, clientY - th - 14);
    this.tip.style.transform = `translate(${Math.round(left)}px, ${Math.round(top)}px)`;
  }
}
