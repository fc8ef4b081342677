// Typed choices reach the page in the order they were typed. Each debounced
// field commits after its own pause (a search after 150 ms, a filter or a
// node count after 300 ms), so a search typed just after a filter would
// otherwise be applied first: for up to 150 ms the query, the table and the
// URL hash would hold the later edit without the earlier one (a reload or a
// copied link then loses the filter). A field's commit takes along, first and
// in the same task (one render, one question to the worker, one hash write),
// every draft whose last edit came before its own; a draft edited since is
// still being typed and waits for its own pause.

/** A field's draft not committed yet: `commit` applies it. */
export interface Draft {
  commit(): void;
}

export class DraftOrder {
  /** Drafts not committed, by their last edit, oldest first (a Set keeps insertion order). */
  private readonly pending = new Set<Draft>();

  /** The draft changed: it is now the newest. */
  edited(d: Draft): void {
    this.pending.delete(d);
    this.pending.add(d);
  }

  /** The draft went away uncommitted (replaced from above, or its field unmounted). */
  dropped(d: Draft): void {
    this.pending.delete(d);
  }

  /** Whether `d` waits to be committed. */
  has(d: Draft): boolean {
    return this.pending.has(d);
  }

  /** Commits the drafts edited before `d`, oldest first, then `d`; nothing when `d` is not pending. */
  commit(d: Draft): void {
    if (!this.pending.has(d)) return;
    for (const older of this.pending) {
      this.pending.delete(older);
      older.commit();
      if (older === d) return;
    }
  }
}

/** The page's one order: every debounced field (components/Inputs.tsx) shares it. */
export const draftOrder = new DraftOrder();
