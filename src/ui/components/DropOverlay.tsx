// Shown over the page while files are dragged over it: the whole window is
// the drop target.

export function DropOverlay({ visible }: { visible: boolean }) {
  if (!visible) return null;
  return (
    <div class="drop-overlay" data-testid="drop-overlay" aria-hidden="true">
      <div class="drop-overlay__box">Drop profiles to load them</div>
    </div>
  );
}
