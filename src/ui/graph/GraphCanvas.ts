// Draws a laid-out call graph (src/core/graph-view GraphView) as SVG with
// d3, and handles what happens on it: zoom and pan (d3-zoom), fit to the
// screen, hovering a node (its edges lit, a tooltip with its base, current,
// Δ, flat and cum), a click (focus on it) or shift-click (hide it), and the
// search's highlight. The worker did the layout: this only creates elements.
//
// Every text from the profile goes in with d3's .text() (a text node), never
// as markup; long label lines were cut by the layout and each box has its
// whole name in a <title>. pprof's colours are the elements' presentation
// attributes (the light scheme); Graph.css swaps in dark ones from custom
// properties set here.

import { select, zoom, zoomIdentity, type Selection, type ZoomBehavior, type ZoomTransform } from 'd3';
import { LINE_HEIGHT, nodeTitle } from '../../core/graph';
import type { GraphView, GraphViewEdge, GraphViewNode, GraphViewNodelet } from '../../core/graph-view';

export interface GraphCanvasHandlers {
  /** A node was clicked (or Enter): focus on it. */
  onFocus(node: GraphViewNode): void;
  /** A node was shift-clicked (or Shift+Enter): hide it. */
  onHide(node: GraphViewNode): void;
}

const MIN_ZOOM = 0.02;
const MAX_ZOOM = 8;
/** Fit never enlarges a small graph past this. */
const MAX_FIT_ZOOM = 1.5;
const FIT_PADDING = 16;
/** Elements added per frame while drawing: at least MIN_BATCH, then while under BATCH_MS, at most MAX_BATCH. */
const MIN_BATCH = 4;
const MAX_BATCH = 12;
const BATCH_MS = 3;

type Svg = Selection<SVGSVGElement, unknown, null, undefined>;
type Div = Selection<HTMLDivElement, unknown, null, undefined>;
type Host = Selection<HTMLElement, unknown, null, undefined>;
type G = Selection<SVGGElement, unknown, null, undefined>;

export class GraphCanvas {
  private readonly svg: Svg;
  /** Holds the <svg> at its own size; zoom and pan are its CSS transform (see the constructor). */
  private readonly stage: Div;
  private readonly root: Host;
  private readonly viewport: G;
  private readonly tip: HTMLDivElement;
  private readonly behavior: ZoomBehavior<HTMLElement, unknown>;
  private view: GraphView | null = null;
  /** Edge elements by the DOT id of each end. */
  private edgesOf = new Map<string, SVGGElement[]>();
  private hovered: SVGGElement | null = null;
  /** The search's text, lower case: nodes drawn later are highlighted as they come. */
  private needle = '';
  /** The host's size, from a ResizeObserver: fitting and zooming read no layout. */
  private size = { width: 0, height: 0 };
  private fitWhenSized = false;
  private readonly resize: ResizeObserver;
  /** Bumped by each draw: a later draw stops an earlier one's batches. */
  private drawJob = 0;
  private readonly reducedMotion: boolean;

  constructor(
    host: HTMLElement,
    private readonly handlers: GraphCanvasHandlers,
  ) {
    this.reducedMotion = typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
    // Zoom and pan move a composited layer (the stage's CSS transform): the
    // SVG inside keeps its own scale, so the browser never lays its text out
    // again for a new zoom (it does when an SVG transform changes the scale:
    // tens of ms a frame for a big graph).
    this.root = select(host);
    this.stage = this.root.append('div').attr('class', 'graph-stage');
    this.svg = this.stage
      .append('svg')
      .attr('class', 'graph-svg')
      .attr('data-testid', 'graph-svg')
      .attr('role', 'group')
      .attr('aria-label', 'Call graph: scroll or pinch to zoom, drag to pan');
    this.viewport = this.svg.append('g').attr('class', 'graph-viewport');
    this.tip = this.root.append('div').attr('class', 'graph-tip').attr('data-testid', 'graph-tooltip').attr('role', 'tooltip').attr('hidden', '').node()!;
    this.resize = new ResizeObserver((entries) => {
      const r = entries[entries.length - 1].contentRect;
      this.size = { width: r.width, height: r.height };
      if (this.fitWhenSized && r.width > 0 && r.height > 0) {
        this.fitWhenSized = false;
        this.fit(false);
      }
    });
    this.resize.observe(host);
    this.behavior = zoom<HTMLElement, unknown>()
      .scaleExtent([MIN_ZOOM, MAX_ZOOM])
      .extent(() => [
        [0, 0],
        [Math.max(1, this.size.width), Math.max(1, this.size.height)],
      ])
      .on('zoom', (event: { transform: ZoomTransform }) => {
        const t = event.transform;
        this.stage.style('transform', `translate(${t.x}px, ${t.y}px) scale(${t.k})`);
        this.svg.attr('data-zoom', t.k.toFixed(4)).attr('data-transform', t.toString());
        this.hideTip();
      });
    this.root.call(this.behavior).on('dblclick.zoom', null);
  }

  /**
   * Replaces the picture with `view`'s, fitted to the screen. Boxes, then
   * edges, then tags are added a batch a frame, so no frame's work (the
   * elements, then the browser's SVG text layout) makes a long task;
   * data-nodes is set on the <svg> once all are there.
   */
  draw(view: GraphView): void {
    const job = ++this.drawJob;
    this.view = view;
    this.hovered = null;
    this.hideTip();
    this.edgesOf = new Map();
    const vp = this.viewport;
    vp.selectAll('*').remove();
    this.svg
      .attr('width', view.width)
      .attr('height', view.height)
      .attr('viewBox', `0 0 ${view.width} ${view.height}`)
      .attr('data-state', 'drawing')
      .attr('data-nodes', null)
      .attr('data-edges', null);
    this.fit(false);

    const legend = vp.append('g').attr('class', 'graph-legend').attr('data-testid', 'graph-legend');
    legend.append('rect').attr('x', view.legend.x).attr('y', view.legend.y).attr('width', view.legend.width).attr('height', view.legend.height);
    lines(legend.append('text').attr('text-anchor', 'start'), view.legend.lines, view.legend.x + 8, view.legend.y + view.legend.height / 2, view.legend.fontSize);
    const edges = vp.append('g').attr('class', 'graph-edges');
    const nodelets = vp.append('g').attr('class', 'graph-nodelets');
    const nodes = vp.append('g').attr('class', 'graph-nodes');

    const work: (() => void)[] = [];
    for (const n of view.nodes) work.push(() => this.drawNode(nodes, n));
    for (const e of view.edges) work.push(() => this.drawEdge(edges, e));
    for (const x of view.nodelets) work.push(() => drawNodelet(nodelets, x));
    let next = 0;
    const step = () => {
      if (job !== this.drawJob) return;
      const started = performance.now();
      for (let k = 0; next < work.length && k < MAX_BATCH && (k < MIN_BATCH || performance.now() - started < BATCH_MS); k++) work[next++]();
      if (next < work.length) {
        requestAnimationFrame(step);
        return;
      }
      this.svg.attr('data-state', 'drawn').attr('data-nodes', view.nodes.length).attr('data-edges', view.edges.filter((e) => !e.tag).length);
    };
    step();
  }

  private drawEdge(parent: G, e: GraphViewEdge): void {
    const g = parent
      .append('g')
      .attr('class', `graph-edge${e.tag ? ' is-tag' : ''}${e.residual ? ' is-residual' : ''}${e.inline ? ' is-inline' : ''}`)
      .attr('data-testid', e.tag ? 'graph-tag-edge' : 'graph-edge')
      .attr('data-from', e.from)
      .attr('data-to', e.to)
      .attr('data-residual', String(e.residual))
      .attr('data-inline', String(e.inline))
      .attr('data-weight', e.weight);
    if (!e.tag) g.style('--dark-stroke', darkStroke(e.color));
    g.append('title').text(e.tooltip);
    const line = g.append('path').attr('class', 'graph-edge-line').attr('d', e.path).attr('fill', 'none').attr('stroke', e.color).attr('stroke-width', e.penWidth);
    if (e.residual) line.attr('stroke-dasharray', '1.5,3');
    g.append('path').attr('class', 'graph-edge-arrow').attr('d', e.arrow).attr('fill', e.color).attr('stroke', e.color);
    lines(g.append('text').attr('class', 'graph-edge-label').attr('data-testid', 'graph-edge-label'), e.labelLines, e.labelX, e.labelY, 10);
    const el = g.node()!;
    for (const end of [e.from, e.to]) {
      let list = this.edgesOf.get(end);
      if (!list) this.edgesOf.set(end, (list = []));
      list.push(el);
    }
  }

  private drawNode(parent: G, n: GraphViewNode): void {
    const g = parent
      .append('g')
      .attr('class', 'graph-node')
      .attr('data-testid', 'graph-node')
      .attr('data-id', `N${n.id}`)
      .attr('data-name', n.name)
      .attr('data-fill', n.fillColor)
      .attr('data-color', n.color)
      .attr('data-flat', n.flat)
      .attr('data-cum', n.cum)
      .attr('data-elided', String(n.elided))
      .style('--dark-fill', darkFill(n.color))
      .style('--dark-stroke', darkStroke(n.color));
    if (this.needle !== '' && n.name.toLowerCase().includes(this.needle)) g.classed('is-match', true);
    g.append('title').text(nodeTitle(n));
    g.append('rect')
      .attr('x', n.x - n.width / 2)
      .attr('y', n.y - n.height / 2)
      .attr('width', n.width)
      .attr('height', n.height)
      .attr('fill', n.fillColor)
      .attr('stroke', n.color);
    lines(g.append('text').attr('class', 'graph-node-label'), n.lines, n.x, n.y, n.fontSize);
    if (n.name === '') return;
    const el = g.node()!;
    el.setAttribute('tabindex', '0');
    el.setAttribute('role', 'button');
    el.setAttribute('aria-label', `${n.name.length > 200 ? `${n.name.slice(0, 199)}…` : n.name}: flat ${n.flatText || '0'}, cum ${n.cumText}. Enter focuses on it, Shift+Enter hides it.`);
    g.on('pointerenter', (event: PointerEvent) => this.hover(el, n, event))
      .on('pointermove', (event: PointerEvent) => this.placeTip(event))
      .on('pointerleave', () => this.unhover())
      .on('focus', () => this.hover(el, n, null))
      .on('blur', () => this.unhover())
      .on('click', (event: MouseEvent) => {
        event.stopPropagation();
        if (event.shiftKey) this.handlers.onHide(n);
        else this.handlers.onFocus(n);
      })
      .on('keydown', (event: KeyboardEvent) => {
        if (event.key !== 'Enter' && event.key !== ' ') return;
        event.preventDefault();
        if (event.shiftKey) this.handlers.onHide(n);
        else this.handlers.onFocus(n);
      });
  }

  private hover(el: SVGGElement, n: GraphViewNode, event: PointerEvent | null): void {
    this.unhover();
    this.hovered = el;
    el.classList.add('is-hover');
    this.svg.classed('has-hover', true);
    for (const e of this.edgesOf.get(`N${n.id}`) ?? []) e.classList.add('is-lit');
    this.showTip(n, event);
  }

  private unhover(): void {
    if (!this.hovered) return;
    this.hovered.classList.remove('is-hover');
    this.svg.classed('has-hover', false);
    for (const e of this.viewport.node()!.querySelectorAll('.graph-edge.is-lit')) e.classList.remove('is-lit');
    this.hovered = null;
    this.hideTip();
  }

  private showTip(n: GraphViewNode, event: PointerEvent | null): void {
    const tip = select(this.tip);
    tip.selectAll('*').remove();
    tip.append('div').attr('class', 'graph-tip-name').attr('data-testid', 'graph-tip-name').text(n.name);
    const row = (label: string, value: string, testId: string) => {
      const r = tip.append('div').attr('class', 'graph-tip-row').attr('data-testid', testId);
      r.append('span').attr('class', 'graph-tip-label').text(label);
      r.append('span').attr('class', 'graph-tip-value').text(value);
    };
    const diff = this.view?.mode === 'diff' || this.view?.mode === 'diff_base';
    if (n.base && n.current) {
      row('Base', `${n.base.cumText} cum, ${n.base.flatText} flat`, 'graph-tip-base');
      row('Current', `${n.current.cumText} cum, ${n.current.flatText} flat`, 'graph-tip-current');
      row('Δ cum', n.deltaText || '0%', 'graph-tip-delta');
    }
    row(diff ? 'Flat (Δ)' : 'Flat', `${n.flatText || '0'} (${n.flatPercent})`, 'graph-tip-flat');
    row(diff ? 'Cum (Δ)' : 'Cum', `${n.cumText} (${n.cumPercent})`, 'graph-tip-cum');
    tip.append('div').attr('class', 'graph-tip-hint').text('Click: focus on it · Shift+click: hide it');
    this.tip.hidden = false;
    if (event) this.placeTip(event);
    else {
      // Keyboard focus: next to the box.
      const r = this.hovered!.getBoundingClientRect();
      this.placeAt(r.right, r.top);
    }
  }

  private placeTip(event: PointerEvent): void {
    if (!this.tip.hidden) this.placeAt(event.clientX, event.clientY);
  }

  /** Beside the pointer (the tip is position: fixed), on the side of the window with more room: nothing is measured, so no layout is forced. */
  private placeAt(clientX: number, clientY: number): void {
    const left = clientX > innerWidth / 2;
    const up = clientY > innerHeight / 2;
    this.tip.style.transform = `translate(${Math.round(clientX + (left ? -14 : 14))}px, ${Math.round(clientY + (up ? -14 : 14))}px) translate(${left ? '-100%' : '0'}, ${up ? '-100%' : '0'})`;
  }

  private hideTip(): void {
    this.tip.hidden = true;
  }

  /** Highlights the nodes whose name contains `needle` (case-insensitive); returns how many there are. */
  search(needle: string): number {
    const q = needle.trim().toLowerCase();
    this.needle = q;
    this.viewport.selectAll<SVGGElement, unknown>('.graph-node').each(function () {
      this.classList.toggle('is-match', q !== '' && (this.getAttribute('data-name') ?? '').toLowerCase().includes(q));
    });
    this.svg.classed('has-search', q !== '');
    if (q === '' || !this.view) return 0;
    let count = 0;
    for (const n of this.view.nodes) if (n.name.toLowerCase().includes(q)) count++;
    return count;
  }

  /** Scales and centres the whole picture in the visible area. */
  fit(animate = true): void {
    if (!this.view) return;
    const { width, height } = this.size;
    if (width === 0 || height === 0) {
      this.fitWhenSized = true;
      return;
    }
    const k = Math.max(MIN_ZOOM, Math.min((width - 2 * FIT_PADDING) / this.view.width, (height - 2 * FIT_PADDING) / this.view.height, MAX_FIT_ZOOM));
    const t = zoomIdentity.translate((width - this.view.width * k) / 2, Math.max(FIT_PADDING, (height - this.view.height * k) / 2)).scale(k);
    this.apply(t, animate);
  }

  /** Zooms by `factor` about the centre of the visible area. */
  zoomBy(factor: number): void {
    if (!this.view) return;
    if (this.reducedMotion) this.behavior.scaleBy(this.root, factor);
    else this.behavior.scaleBy(this.root.transition().duration(200), factor);
  }

  private apply(t: ZoomTransform, animate: boolean): void {
    if (animate && !this.reducedMotion) this.root.transition().duration(250).call(this.behavior.transform, t);
    else this.root.call(this.behavior.transform, t);
  }

  destroy(): void {
    this.drawJob++;
    this.resize.disconnect();
    this.root.interrupt();
    this.root.on('.zoom', null);
    this.stage.remove();
    this.tip.remove();
  }
}

/** One <tspan> a line, the block centred on (x, y). */
function lines(text: Selection<SVGTextElement, unknown, null, undefined>, ls: string[], x: number, y: number, fontSize: number): void {
  const lh = fontSize * LINE_HEIGHT;
  const top = y - ((ls.length - 1) * lh) / 2;
  text.attr('font-size', fontSize).attr('dominant-baseline', 'central');
  if (text.attr('text-anchor') === null) text.attr('text-anchor', 'middle');
  ls.forEach((l, i) => {
    text
      .append('tspan')
      .attr('x', x)
      .attr('y', top + i * lh)
      .text(l);
  });
}

function drawNodelet(parent: G, x: GraphViewNodelet): void {
  const g = parent.append('g').attr('class', `graph-nodelet${x.dotted ? ' is-dotted' : ''}`).attr('data-testid', 'graph-nodelet').attr('data-id', x.id).attr('data-parent', x.parent);
  g.append('title').text(`${x.lines.join('\n')} (${x.weightText})`);
  const left = x.x - x.width / 2;
  const top = x.y - x.height / 2;
  // box3d: the box and its depth, up and to the right.
  g.append('path').attr('class', 'graph-nodelet-depth').attr('d', `M${left + 3},${top}V${top - 3}H${left + x.width + 3}V${top + x.height - 3}H${left + x.width}`);
  g.append('rect').attr('x', left).attr('y', top).attr('width', x.width).attr('height', x.height);
  lines(g.append('text'), x.lines, x.x, x.y, x.fontSize);
}

function rgb(hex: string): [number, number, number] {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  return m ? [parseInt(m[1], 16), parseInt(m[2], 16), parseInt(m[3], 16)] : [128, 128, 128];
}

const hex = (c: number[]) => `#${c.map((v) => Math.round(v).toString(16).padStart(2, '0')).join('')}`;
const mix = (a: number[], b: number[], t: number) => a.map((v, i) => v + (b[i] - v) * t);

/** Dark scheme: the border colour deepened into the card's background, as a fill. */
export function darkFill(color: string): string {
  return hex(mix(rgb(color), [31, 34, 39], 0.72));
}

/** Dark scheme: the border colour lightened, to stand out on a dark background. */
export function darkStroke(color: string): string {
  return hex(mix(rgb(color), [255, 255, 255], 0.3));
}
