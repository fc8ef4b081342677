// What an empty page says: what to drop and where it comes from.

export function EmptyState() {
  return (
    <section class="empty" data-testid="empty-state">
      <p class="empty__lead">Drop two Go heap profiles anywhere on this page to see what grew.</p>
      <p>
        Take them a while apart with <code>curl host:6060/debug/pprof/heap &gt; base.heap</code>, then again into{' '}
        <code>current.heap</code>. Everything stays in this browser tab: nothing is uploaded.
      </p>
    </section>
  );
}
