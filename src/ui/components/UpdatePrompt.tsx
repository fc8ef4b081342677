// "A new version is available — Reload": shown when the service worker has
// installed a newer build that waits to take over (src/ui/offline.ts).

import { useState } from 'preact/hooks';
import './UpdatePrompt.css';

export function UpdatePrompt({ onReload }: { onReload: () => void }) {
  const [hidden, setHidden] = useState(false);
  const [busy, setBusy] = useState(false);
  if (hidden) return null;
  return (
    <div class="update-prompt" role="status" data-testid="update-prompt">
      <span>A new version of heapdiff is available.</span>
      <button
        type="button"
        class="button--primary"
        disabled={busy}
        onClick={() => {
          setBusy(true);
          onReload();
        }}
      >
        Reload
      </button>
      <button type="button" class="button--quiet" onClick={() => setHidden(true)} aria-label="Not now">
        Later
      </button>
    </div>
  );
}
