// The ways in that do not need a mouse drag: a file input labelled
// "Open profiles" (keyboard reachable; the drop target for everyone else is
// the whole page) and the built-in example pair.

import { useRef } from 'preact/hooks';

export interface OpenControlsProps {
  onFiles: (files: File[]) => void;
  onExample: () => void;
  exampleLoading: boolean;
}

export function OpenControls({ onFiles, onExample, exampleLoading }: OpenControlsProps) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <div class="open-controls">
      <label class="button button--primary file-button">
        <input
          ref={input}
          type="file"
          multiple
          class="visually-hidden"
          data-testid="file-input"
          onChange={(e) => {
            const el = e.currentTarget;
            const files = el.files ? Array.from(el.files) : [];
            // Cleared so the same file can be chosen again after a remove.
            el.value = '';
            if (files.length > 0) onFiles(files);
          }}
        />
        Open profiles
      </label>
      <button type="button" onClick={onExample} disabled={exampleLoading} data-testid="example-button">
        Try the example (gzip leak)
      </button>
    </div>
  );
}
