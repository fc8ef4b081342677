// Embedding: heapdiff inside another page's iframe (an internal wiki, a CI
// report), and profiles named in the URL. README "Embedding" is the contract.
//
// - `?embed=1`: the compact page (App's `compact`).
// - postMessage: a host sends {type: 'heapdiff:load', files: [{name, data}],
//   view?, id?}; the page unloads what it had, loads these, and answers the
//   sender with {type: 'heapdiff:ready', files: [summary…]} once every file is
//   decoded, or {type: 'heapdiff:error', message}. Any origin may send it: the
//   command carries only data, which the decoder treats as untrusted as any
//   dropped file. Nothing else is accepted, and the answer goes only to the
//   sender's window and origin.
// - `#base=URL&current=URL`: fetches the two profiles (CORS and this page's
//   connect-src permitting) and loads them; a clear notice says why not.

import type { AppControl, AppLink } from './hooks/usePageLink';
import type { NamedBlob } from './examples';
import { roleOf, type Entry, type FilesState, type Role } from './state/files';

/** The views a host may ask for. The top-growth table will add 'top'. */
export const EMBED_VIEWS = ['cards'] as const;
export type EmbedView = (typeof EMBED_VIEWS)[number];

/** At most this many files in one load command. */
const MAX_FILES = 16;

export interface EmbedFileSummary {
  name: string;
  /** 'base' and 'current' once two are loaded (the older by time in the profile is the base); null alone. */
  role: Role | null;
  kind: string;
  format: string;
  compressed: boolean;
  /** Bytes as sent, and after decompression. */
  size: number;
  rawSize: number;
  sampleTypes: { type: string; unit: string }[];
  defaultSampleType: string;
  /** Per sample type: the exact total, and as go tool pprof prints it ("11419.50kB"). */
  totals: { type: string; unit: string; value: number; label: string }[];
  /** time_nanos as an exact decimal string, or null. */
  timeNanos: string | null;
  samples: number;
  decodeMs: number;
}

export type EmbedReply =
  | { type: 'heapdiff:ready'; id?: unknown; view: EmbedView; files: EmbedFileSummary[] }
  | { type: 'heapdiff:error'; id?: unknown; message: string; files?: { name: string; error: string }[] };

/** `?embed=1` (or any value but 0). */
export function isEmbedded(search: string): boolean {
  const v = new URLSearchParams(search).get('embed');
  return v !== null && v !== '0' && v !== 'false';
}

type Settled = { entries: Entry[]; state: FilesState } | { superseded: true };

/** The App side of the link: queues until App is mounted, and tells when files settle. */
export class PageLink implements AppLink {
  private control: AppControl | null = null;
  private waiting: ((c: AppControl) => void)[] = [];
  private watchers = new Set<(s: FilesState) => void>();

  attach(control: AppControl): void {
    this.control = control;
    for (const w of this.waiting.splice(0)) w(control);
  }

  state(state: FilesState): void {
    for (const w of [...this.watchers]) w(state);
  }

  notice(text: string): void {
    void this.ready().then((c) => c.notice(text));
  }

  /** Replaces the page's files; resolves once each is ready or failed, or when a later load replaced them. */
  async load(files: NamedBlob[]): Promise<Settled> {
    const control = await this.ready();
    const ids = control.replace(files);
    const seen = new Set<string>();
    return new Promise<Settled>((resolve) => {
      const check = (state: FilesState) => {
        const entries: Entry[] = [];
        for (const id of ids) {
          const e = state.entries.find((x) => x.id === id);
          if (!e) {
            if (seen.has(id)) return done({ superseded: true });
            return;
          }
          seen.add(id);
          entries.push(e);
        }
        if (entries.every((e) => e.status !== 'loading')) done({ entries, state });
      };
      const done = (s: Settled) => {
        this.watchers.delete(check);
        resolve(s);
      };
      this.watchers.add(check);
    });
  }

  private ready(): Promise<AppControl> {
    return this.control ? Promise.resolve(this.control) : new Promise((resolve) => this.waiting.push(resolve));
  }
}

/** Listens for heapdiff:load from any window; tells an embedding page that it does. */
export function startMessageApi(link: PageLink): () => void {
  const onMessage = (event: MessageEvent) => {
    const data = event.data as { type?: unknown } | null;
    if (typeof data !== 'object' || data === null || data.type !== 'heapdiff:load') return;
    const source = event.source;
    // Only windows (a parent, an opener, a frame) get an answer; ports and workers are not hosts.
    if (!source || source instanceof MessagePort || (typeof ServiceWorker !== 'undefined' && source instanceof ServiceWorker)) return;
    // An opaque origin ("null": a sandboxed or file:// host) can only be answered with '*'; the answer goes to
    // that window alone all the same, and says only what the host itself sent.
    const targetOrigin = event.origin && event.origin !== 'null' ? event.origin : '*';
    const reply = (msg: EmbedReply) => (source as Window).postMessage(msg, targetOrigin);
    void handleLoad(link, data as Record<string, unknown>).then(reply);
  };
  window.addEventListener('message', onMessage);
  if (window.parent !== window) window.parent.postMessage({ type: 'heapdiff:listening' }, '*');
  return () => window.removeEventListener('message', onMessage);
}

async function handleLoad(link: PageLink, msg: Record<string, unknown>): Promise<EmbedReply> {
  const id = msg.id;
  const withId = <T extends object>(r: T) => (id === undefined ? r : { ...r, id });
  const parsed = parseLoad(msg);
  if (typeof parsed === 'string') return withId({ type: 'heapdiff:error', message: parsed });
  const settled = await link.load(parsed.files);
  if ('superseded' in settled) return withId({ type: 'heapdiff:error', message: 'A later heapdiff:load replaced these files before they were loaded.' });
  const failed = settled.entries.filter((e) => e.status === 'error');
  if (failed.length > 0) {
    const files = failed.map((e) => ({ name: e.name, error: e.error?.message ?? 'failed' }));
    return withId({ type: 'heapdiff:error', message: files.map((f) => `${f.name}: ${f.error}`).join('\n'), files });
  }
  return withId({ type: 'heapdiff:ready', view: parsed.view, files: settled.entries.map((e) => summaryOf(e, roleOf(settled.state, e.id))) });
}

/** The load command's files and view, or what is wrong with it. */
export function parseLoad(msg: Record<string, unknown>): { files: NamedBlob[]; view: EmbedView } | string {
  const { files, view = 'cards' } = msg;
  if (!Array.isArray(files) || files.length === 0) return 'heapdiff:load needs files: [{name, data: ArrayBuffer}, …].';
  if (files.length > MAX_FILES) return `heapdiff:load takes at most ${MAX_FILES} files; got ${files.length}.`;
  if (typeof view !== 'string' || !(EMBED_VIEWS as readonly string[]).includes(view)) return `Unknown view ${JSON.stringify(view)}; views: ${EMBED_VIEWS.join(', ')}.`;
  const out: NamedBlob[] = [];
  for (let i = 0; i < files.length; i++) {
    const f = files[i] as { name?: unknown; data?: unknown } | null;
    const data = f?.data;
    let source: Blob;
    // The buffer arrives transferred; the Blob keeps the bytes to load again after a decoder restart.
    if (data instanceof ArrayBuffer) source = new Blob([data]);
    else if (ArrayBuffer.isView(data)) source = new Blob([data as ArrayBufferView<ArrayBuffer>]);
    else if (data instanceof Blob) source = data;
    else return `files[${i}].data must be an ArrayBuffer (or a typed array, or a Blob).`;
    const name = typeof f?.name === 'string' && f.name.trim() !== '' ? f.name.slice(0, 200) : `profile-${i + 1}`;
    out.push({ name, source });
  }
  return { files: out, view: view as EmbedView };
}

function summaryOf(e: Entry, role: Role | null): EmbedFileSummary {
  const l = e.loaded!;
  const s = l.summary;
  return {
    name: e.name,
    role,
    kind: s.kind,
    format: s.format,
    compressed: l.compressed,
    size: e.size,
    rawSize: l.rawSize,
    sampleTypes: s.sampleTypes,
    defaultSampleType: s.defaultSampleType,
    totals: l.totals.map((t) => ({ type: t.type, unit: t.unit, value: t.value, label: t.label })),
    timeNanos: s.timeNanosExact,
    samples: s.samples,
    decodeMs: Math.round(l.decodeMs * 10) / 10,
  };
}

/** `#base=URL&current=URL`: loads what the hash names, now and whenever it changes. */
export function startHashLoading(link: PageLink): () => void {
  let last = '';
  const run = () => {
    const hash = location.hash.slice(1);
    if (hash === last) return;
    last = hash;
    const params = new URLSearchParams(hash);
    const named = (['base', 'current'] as const).filter((k) => params.get(k)).map((k) => ({ role: k, url: params.get(k)! }));
    if (named.length === 0) return;
    void loadUrls(link, named);
  };
  run();
  window.addEventListener('hashchange', run);
  return () => window.removeEventListener('hashchange', run);
}

async function loadUrls(link: PageLink, named: { role: string; url: string }[]): Promise<void> {
  const results = await Promise.allSettled(named.map((n) => fetchProfile(n.role, n.url)));
  const files: NamedBlob[] = [];
  const problems: string[] = [];
  for (const r of results) {
    if (r.status === 'fulfilled') files.push(r.value);
    else problems.push(r.reason instanceof Error ? r.reason.message : String(r.reason));
  }
  if (problems.length > 0) link.notice(problems.join(' '));
  if (files.length > 0) await link.load(files);
}

/** Fetches one profile named in the hash, with an error that says which rule stopped it. */
export async function fetchProfile(role: string, raw: string): Promise<NamedBlob> {
  let url: URL;
  try {
    url = new URL(raw, document.baseURI);
  } catch {
    throw new Error(`The ${role} profile's URL "${raw}" is not a URL.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`The ${role} profile's URL must be http(s), not ${url.protocol}.`);
  const blocked: string[] = [];
  const onViolation = (e: SecurityPolicyViolationEvent) => {
    if (e.effectiveDirective === 'connect-src') blocked.push(e.blockedURI);
  };
  document.addEventListener('securitypolicyviolation', onViolation);
  try {
    let res: Response;
    try {
      res = await fetch(url);
    } catch {
      // The violation event is queued as its own task: give it a moment to arrive.
      for (let i = 0; i < 10 && blocked.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
      if (blocked.some((b) => b === url.href || b === url.origin || b.startsWith(url.origin + '/'))) {
        throw new Error(
          `The ${role} profile (${url.href}) was not fetched: this page's Content-Security-Policy lets it fetch only from ${connectSources()}. ` +
            `Host the profile next to heapdiff, or build heapdiff with HEAPDIFF_CONNECT_SRC="${url.origin}" (see README, "Loading profiles from URLs").`,
        );
      }
      throw new Error(
        `The ${role} profile (${url.href}) could not be fetched: the server is unreachable, or does not allow this page (${location.origin}) to read it — it must answer with Access-Control-Allow-Origin.`,
      );
    }
    if (!res.ok) throw new Error(`The ${role} profile (${url.href}) could not be fetched: HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}.`);
    const name = decodeURIComponent(url.pathname.slice(url.pathname.lastIndexOf('/') + 1)) || `${role}.pb.gz`;
    return { name, source: await res.blob() };
  } finally {
    document.removeEventListener('securitypolicyviolation', onViolation);
  }
}

/** connect-src of the page's meta policy, for messages ("its own origin" when 'self' alone). */
function connectSources(): string {
  const meta = document.querySelector<HTMLMetaElement>('meta[http-equiv="Content-Security-Policy"]');
  const directive = meta?.content
    .split(';')
    .map((d) => d.trim().split(/\s+/))
    .find((d) => d[0] === 'connect-src');
  const sources = directive?.slice(1) ?? ["'self'"];
  const words = sources.map((s) => (s === "'self'" ? `its own origin (${location.origin})` : s));
  return words.join(', ');
}
