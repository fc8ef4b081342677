// The one-file build: dist/heapdiff.html, the whole viewer (script, styles,
// the decoder worker, the example pair) in one HTML file that works opened
// from file:// with no server and no network. Runs after the hosted build
// (`npm run build`) and leaves its files alone.
//
// vite-plugin-singlefile inlines the script and styles; tools/vite-plugins.ts
// singleFilePage swaps in src/ui/platform.single.ts (decoder from an inline
// worker, examples in base64), and writes the file's own CSP (README,
// "Content-Security-Policy").
import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';
import { viteSingleFile } from 'vite-plugin-singlefile';
import { budget, noLong, singleFilePage } from './tools/vite-plugins.ts';

const FILE = 'heapdiff.html';
/**
 * Nothing in the one file is loaded on demand: it carries what the hosted
 * build fetches only when a view is opened (the graph view with d3, and the
 * worker's layout library, ~53 kB gzip), the styles, and the decoder worker
 * inlined as base64 (which gzip packs less well than the script itself).
 * Its budget is the hosted build's 150 kB of initial JS plus those, with
 * room for the views of issues #13 and #14 (207 kB → 214 kB with the trend),
 * raised to 232 for issue #15's decoders (229.5 kB), then the stack tree
 * read without its parent column (decision 0036: 230.1 kB), then 233 for
 * the decoder's fields made mutable and its sample loop in a function of
 * its own (decision 0046: 232.0 kB).
 */
const BUDGET_KB = 233;

export default defineConfig({
  base: './',
  mode: 'single',
  plugins: [preact(), viteSingleFile(), ...singleFilePage(FILE), budget(BUDGET_KB, FILE)],
  // A classic worker: Chromium refuses a module worker from a blob: URL on a
  // file:// page (an opaque origin fails the module script's CORS check).
  worker: { format: 'iife', plugins: () => [noLong()] },
  build: {
    target: 'es2022',
    outDir: 'dist',
    emptyOutDir: false,
    copyPublicDir: false,
    sourcemap: false,
    // Nothing is preloaded in one file: no polyfill for it.
    modulePreload: { polyfill: false },
  },
});
