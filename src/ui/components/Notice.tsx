// A page-wide message (the decoder restarted, the example could not be
// fetched) with a way to dismiss it.

export function Notice({ text, onDismiss }: { text: string; onDismiss: () => void }) {
  return (
    <div class="notice" role="status" data-testid="notice">
      <span>{text}</span>
      <button type="button" class="button--quiet" onClick={onDismiss} aria-label="Dismiss message">
        Dismiss
      </button>
    </div>
  );
}
