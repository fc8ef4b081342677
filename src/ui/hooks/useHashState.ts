// The one policy for state mirrored in the URL hash (the report's choices,
// the graph's fractions). The state starts from the hash and follows it when
// it is edited by hand (hashchange). The hash follows the state after each
// change, in a task of its own (replaceState is synchronous work not worth
// adding to a render; several changes in one task are one write), without a
// history entry and without a hashchange event (src/ui/embed.ts listens to
// those). A write still waiting when the page is left (pagehide) or the
// owner unmounts is made then. Only changes are written: a hash as loaded
// stays as it was.

import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

export type HashStateUpdate<T> = T | ((previous: T) => T);

/** `parse` reads the state from a hash; `write` returns the hash with the state's keys replaced (others kept). */
export function useHashState<T>(parse: (hash: string) => T, write: (hash: string, value: T) => string): [T, (update: HashStateUpdate<T>) => void] {
  const [value, setValue] = useState<T>(() => parse(location.hash));
  const loaded = useRef(value);
  const unwritten = useRef<{ value: T } | null>(null);
  const flush = useCallback(() => {
    const u = unwritten.current;
    if (u === null) return;
    unwritten.current = null;
    setHash(write(location.hash, u.value));
  }, [write]);

  useEffect(() => {
    if (value === loaded.current) return;
    unwritten.current = { value };
    const t = setTimeout(flush, 0);
    return () => clearTimeout(t);
  }, [value, flush]);
  useEffect(() => {
    window.addEventListener('pagehide', flush);
    return () => {
      window.removeEventListener('pagehide', flush);
      flush();
    };
  }, [flush]);
  useEffect(() => {
    const onHash = () => {
      const parsed = parse(location.hash);
      setValue((v) => (JSON.stringify(parsed) === JSON.stringify(v) ? v : parsed));
    };
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, [parse]);
  return [value, setValue];
}

/** Makes `next` the page's hash without a history entry and without a hashchange event. */
function setHash(next: string): void {
  if (next !== location.hash) history.replaceState(history.state, '', next === '' ? location.pathname + location.search : next);
}
