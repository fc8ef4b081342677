/// <reference types="vitest/config" />
// The hosted build: dist/ (index.html, assets/, sw.js, examples/), for GitHub
// Pages or any static host under any sub-path. `npm run build` then runs
// vite.config.single.ts for the one-file dist/heapdiff.html.
import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';
import { budget, compileHints, connectSrc, lazyPako, noLong, serviceWorker } from './tools/vite-plugins.ts';

export default defineConfig({
  // Relative asset paths: dist/ works under any sub-path (GitHub Pages).
  base: './',
  plugins: [preact(), connectSrc(), serviceWorker(), compileHints(), budget(150)],
  worker: { format: 'es', plugins: () => [noLong(), lazyPako()] },
  // `npm run dev`: the worker's and the lazy views' dependencies, found only
  // when first used, would make vite re-bundle and reload the page mid-load.
  optimizeDeps: { include: ['pako', 'protobufjs/minimal.js', 'comlink', '@dagrejs/dagre', 'd3'] },
  build: { target: 'es2022', sourcemap: true },
  test: {
    include: ['test/unit/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    // The JSON report lets .ci/run print one "N passed, N failed" line.
    reporters: ['default', ['json', { outputFile: 'test-results/unit.json' }]],
  },
});
