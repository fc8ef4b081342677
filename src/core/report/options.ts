// The report's options, each declared once (as go tool pprof's
// internal/driver/config.go declares its config fields with their urlparam
// and choices): the field queries and choices use, pprof's flag (also the
// name an error gives the option), the URL hash key (pprof's web UI
// parameter where it has one), the type, the choices, the default, and the
// views that draw it. The CLI's flags (src/cli/report.ts), the page's hash
// (src/ui/state/hash.ts, graph-hash.ts), the filter options (core/filter),
// the "Active filters:" lines and the controls the views draw all read
// this table; the types below derive from it.

export type ReportView = 'top' | 'graph';

export interface OptionSpec {
  /** The field in queries (TopReportQuery, GraphQuery) and in the page's choices. */
  readonly key: string;
  /** go tool pprof's flag without the dash, and the name errors give the option; null: not a pprof option. */
  readonly flag: string | null;
  /** URL hash key. */
  readonly hash: string;
  /**
   * bool: "1"/"0" in the hash; int: a whole number ≥ 0; fraction: 0 to 1;
   * text: any string; regexp: a Go regexp (a filter); choice: one of
   * `choices`; order: a column of `choices`, "-" first for descending.
   */
  readonly type: 'bool' | 'int' | 'fraction' | 'text' | 'regexp' | 'choice' | 'order';
  readonly choices?: readonly string[];
  /** pprof flags that set this option to their own name (-inuse_space, -lines). */
  readonly valueFlags?: readonly string[];
  /** A bool written as one of two words, [false, true]: pprof's sort=flat|cum, and -flat as a flag of its own. */
  readonly words?: readonly [string, string];
  /** The value when the option is absent, per view where it differs. */
  readonly default?: unknown;
  /** The page views that offer it (none: the CLI's, or the query's only). */
  readonly views: readonly ReportView[];
  /** Arranges the rows shown, not the report (not a pprof option). */
  readonly page?: true;
  /** A filter's control: its label, its tooltip (per view where it differs), and the views that fold it under "More filters". */
  readonly label?: string;
  readonly title?: string | Readonly<Record<ReportView, string>>;
  readonly more?: readonly ReportView[];
}

export const REPORT_MODES = ['diff', 'diff_base', 'current', 'base'] as const;
export const GRANULARITIES = ['functions', 'filefunctions', 'files', 'lines', 'addresses'] as const;
export const TOP_SORT_COLUMNS = ['flat', 'flatPct', 'sumPct', 'cum', 'cumPct', 'base', 'current', 'delta', 'name'] as const;

/** In the order the hash writes them (the heap view's keys, then the graph's). */
export const REPORT_OPTIONS = [
  // current -base base (the default with two profiles), current -diff_base base, or one profile alone.
  { key: 'mode', flag: null, hash: 'm', type: 'choice', choices: REPORT_MODES, views: ['top', 'graph'] },
  { key: 'normalize', flag: 'normalize', hash: 'norm', type: 'bool', views: ['top', 'graph'] },
  // A sample type name ("inuse_space"…) or index; absent: pprof's default.
  { key: 'sampleType', flag: 'sample_index', hash: 'si', type: 'text', valueFlags: ['inuse_space', 'inuse_objects', 'alloc_space', 'alloc_objects'], views: ['top', 'graph'] },
  { key: 'granularity', flag: null, hash: 'g', type: 'choice', choices: GRANULARITIES, valueFlags: GRANULARITIES, default: 'functions', views: ['top', 'graph'] },
  {
    key: 'focus',
    flag: 'focus',
    hash: 'f',
    type: 'regexp',
    views: ['top', 'graph'],
    label: 'Focus',
    title: {
      top: 'Only samples with a frame matching this Go regexp (function or file name)',
      graph: 'Only samples with a frame matching this Go regexp (click a node to focus on it)',
    },
  },
  { key: 'ignore', flag: 'ignore', hash: 'i', type: 'regexp', views: ['top', 'graph'], label: 'Ignore', title: 'Drop samples with a frame matching this Go regexp' },
  {
    key: 'hide',
    flag: 'hide',
    hash: 'h',
    type: 'regexp',
    views: ['top', 'graph'],
    label: 'Hide',
    title: { top: 'Remove matching frames from the stacks', graph: 'Remove matching frames from the stacks (shift-click a node to hide it)' },
    more: ['top'],
  },
  { key: 'show', flag: 'show', hash: 's', type: 'regexp', views: ['top', 'graph'], label: 'Show', title: 'Keep only matching frames in the stacks', more: ['top', 'graph'] },
  { key: 'showFrom', flag: 'show_from', hash: 'sf', type: 'regexp', views: ['top', 'graph'], label: 'Show from', title: 'Drop the callers of the outermost matching frame', more: ['top', 'graph'] },
  {
    key: 'tagFocus',
    flag: 'tagfocus',
    hash: 'tf',
    type: 'regexp',
    views: ['top', 'graph'],
    label: 'Tag focus',
    title: 'Only samples with a label matching: key:value regexps, key=regexp, or a range such as bytes=1kb:',
    more: ['top', 'graph'],
  },
  { key: 'tagIgnore', flag: 'tagignore', hash: 'ti', type: 'regexp', views: ['top', 'graph'], label: 'Tag ignore', title: 'Drop samples with a label matching (as Tag focus)', more: ['top', 'graph'] },
  { key: 'cum', flag: 'cum', hash: 'sort', type: 'bool', words: ['flat', 'cum'], views: ['top', 'graph'] },
  // 0: every node; absent: all for -top, 80 for -dot.
  { key: 'nodeCount', flag: 'nodecount', hash: 'n', type: 'int', default: { top: 0, graph: 80 }, views: ['top', 'graph'] },
  // Charge inlined functions to the function they were inlined into.
  { key: 'noInlines', flag: 'noinlines', hash: 'noinlines', type: 'bool', views: ['top', 'graph'] },
  // Charge each sample to its deepest frame in the user's own code (report/attribution.ts).
  { key: 'blame', flag: 'blame_user', hash: 'b', type: 'bool', views: ['top', 'graph'] },
  { key: 'order', flag: null, hash: 'o', type: 'order', choices: TOP_SORT_COLUMNS, views: ['top'], page: true },
  // Case-insensitive text looked for in row (node) names.
  { key: 'search', flag: null, hash: 'q', type: 'text', views: ['top', 'graph'], page: true },
  // Drop nodes with |cum| below this fraction of |Σ flat|.
  { key: 'nodeFraction', flag: 'nodefraction', hash: 'nf', type: 'fraction', default: 0.005, views: ['graph'] },
  // Drop edges below this fraction (for -top: they do not count for the "(inline)" mark).
  { key: 'edgeFraction', flag: 'edgefraction', hash: 'ef', type: 'fraction', default: 0.001, views: ['graph'] },
] as const satisfies readonly OptionSpec[];

type Option = (typeof REPORT_OPTIONS)[number];
type ValueOf<O extends Option> = O extends { type: 'bool' }
  ? boolean
  : O extends { type: 'int' | 'fraction' }
    ? number
    : O extends { type: 'choice'; choices: readonly (infer C)[] }
      ? C
      : O extends { type: 'order'; choices: readonly (infer C)[] }
        ? { column: C; desc: boolean }
        : string;

export type OptionKey = Option['key'];
export type OptionValue<K extends OptionKey> = ValueOf<Extract<Option, { key: K }>>;

/** An option by pprof's flag name: what an error is about. */
export type ReportField = NonNullable<Option['flag']>;
export type ReportMode = (typeof REPORT_MODES)[number];
export type Granularity = (typeof GRANULARITIES)[number];
export type TopColumn = (typeof TOP_SORT_COLUMNS)[number];
export type FilterKey = Extract<Option, { type: 'regexp' }>['key'];
/** A filter by pprof's flag name (focus, show_from, tagfocus…). */
export type FilterField = Extract<Option, { type: 'regexp' }>['flag'];

type ValuesOf<O extends Option> = { [P in O as P['key']]?: ValueOf<P> };

/** The report a query asks for: every option but those that only arrange the rows. */
export type ReportOptionValues = ValuesOf<Exclude<Option, { page: true }>>;
type UsedBy<V extends ReportView, O extends Option = Option> = O extends Option ? (V extends O['views'][number] ? O : never) : never;
/** What a view offers, by the views that draw each option. */
export type ViewChoices<V extends ReportView> = ValuesOf<UsedBy<V>>;
/** The choices of view V that view W does not have (the graph's own: the fractions). */
export type OwnChoices<V extends ReportView, W extends ReportView> = ValuesOf<Exclude<UsedBy<V>, UsedBy<W>>>;

export const FILTER_OPTIONS = REPORT_OPTIONS.filter((o): o is Extract<Option, { type: 'regexp' }> => o.type === 'regexp');

/** The options view `v` draws (in the registry's order). */
export function viewOptions(v: ReportView): readonly Option[] {
  return REPORT_OPTIONS.filter((o) => (o.views as readonly ReportView[]).includes(v));
}

type WithDefault = Extract<Option, { default: unknown }>['key'];

/** The default of an option in a view (nodecount: 0 for -top, 80 for -dot). */
export function optionDefault<K extends WithDefault>(key: K, view: ReportView): OptionValue<K> {
  const d: unknown = (REPORT_OPTIONS.find((o) => o.key === key) as OptionSpec).default;
  return (d !== null && typeof d === 'object' ? (d as Record<ReportView, unknown>)[view] : d) as OptionValue<K>;
}

/** `focus=…` lines of pprof's "Active filters:" header, in pprof's order. */
export function activeFilters(o: { readonly [K in FilterKey]?: string }): string[] {
  const out: string[] = [];
  for (const f of FILTER_OPTIONS) {
    const v = o[f.key];
    if (v) out.push(`${f.flag}=${v}`);
  }
  return out;
}

// ---- the URL hash (pure: strings in, values out) ----

const bool = (v: string): boolean | undefined => (v === '1' || v === 'true' ? true : v === '0' || v === 'false' ? false : undefined);

/** An option's value in the hash, or undefined when the text does not parse. */
export function readHashValue(o: OptionSpec, v: string): unknown {
  switch (o.type) {
    case 'bool':
      if (o.words) return v === o.words[1] ? true : v === o.words[0] ? false : undefined;
      return bool(v);
    case 'int':
      return /^\d{1,9}$/.test(v) ? Number(v) : undefined;
    case 'fraction': {
      if (!/^[0-9.eE+-]{1,24}$/.test(v)) return undefined;
      const x = Number(v);
      return Number.isFinite(x) && x >= 0 && x <= 1 ? x : undefined;
    }
    case 'choice':
      return o.choices!.includes(v) ? v : undefined;
    case 'order': {
      const desc = v.startsWith('-');
      const column = desc ? v.slice(1) : v;
      return o.choices!.includes(column) ? { column, desc } : undefined;
    }
    default:
      return v === '' ? undefined : v;
  }
}

/** An option's value as the hash writes it; null: not written (an empty text). */
export function hashValue(o: OptionSpec, v: unknown): string | null {
  switch (o.type) {
    case 'bool':
      return o.words ? o.words[v ? 1 : 0] : v ? '1' : '0';
    case 'int':
    case 'fraction':
      return String(v);
    case 'order': {
      const s = v as { column: string; desc: boolean };
      return `${s.desc ? '-' : ''}${s.column}`;
    }
    default:
      return v ? String(v) : null;
  }
}
