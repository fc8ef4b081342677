// Saving what a view made (an SVG, a DOT text) as a file: a Blob URL, no
// network (allowed by the page's policy), and a file name from the profile's.

/** "gzipleak.current.heap" → "gzipleak.current"; anything odd for a file name becomes "_". */
export function fileStem(name: string): string {
  const stem = name.replace(/\.(?:heap|pb\.gz|pb|prof|pprof|gz|txt)$/i, '').replace(/[^\w.-]+/g, '_');
  return stem.slice(0, 80) || 'profile';
}

/** Saves `text` as a file named `name` of MIME type `type`. */
export function download(text: string, name: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: `${type};charset=utf-8` }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  a.hidden = true;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}
