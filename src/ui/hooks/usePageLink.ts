// How code outside the page's views (src/ui/embed.ts: postMessage, the URL
// hash) drives the page: it gets an AppControl once App is mounted, and
// sees every state App renders.

import { useEffect } from 'preact/hooks';
import type { NamedBlob } from '../examples';
import type { FilesState } from '../state/files';
import type { FileLoads } from './useFileLoads';

export interface AppLink {
  /** Called once App is mounted. */
  attach(control: AppControl): void;
  /** Called with every state App renders. */
  state(state: FilesState): void;
}

export interface AppControl {
  /** Unloads every file, then loads these; returns their ids. */
  replace(files: NamedBlob[]): string[];
  notice(text: string): void;
}

export function usePageLink(link: AppLink | undefined, loads: FileLoads): void {
  const { replace, notice, state } = loads;
  useEffect(() => link?.attach({ replace, notice }), [link, replace, notice]);
  useEffect(() => link?.state(state), [link, state]);
}
