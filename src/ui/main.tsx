// Entry point: one worker bridge, one App. With `?test` in the URL the page
// also exposes `window.__heapdiff` so browser tests can kill the decoder.

import { render } from 'preact';
import { App } from './App';
import './styles.css';
import { WorkerClient } from './worker-client';

const testMode = new URLSearchParams(location.search).has('test');
// The watchdog allows for long decode steps (inflating a bomb can take seconds
// between two yields); tests shorten it to see a restart quickly.
const client = new WorkerClient({ watchdogMs: testMode ? 3000 : 10_000 });

const exampleUrls = ['examples/gzipleak.base.heap', 'examples/gzipleak.current.heap'].map((p) => new URL(p, document.baseURI).href);

if (testMode) {
  (window as unknown as { __heapdiff: unknown }).__heapdiff = {
    crashWorker: () => client.crashForTest(),
  };
}

render(<App client={client} exampleUrls={exampleUrls} />, document.getElementById('app')!);
