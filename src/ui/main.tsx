// Entry point: one worker bridge, one App. With `?test` in the URL the page
// also exposes `window.__heapdiff` so browser tests can kill the decoder.
// `platform` is the hosted build's or the one-file build's (platform.ts);
// embed.ts adds ?embed=1, the postMessage API and #base=…&current=….

import { render } from 'preact';
import { App } from './App';
import { isEmbedded, PageLink, startHashLoading, startMessageApi } from './embed';
import './embed.css';
import { layOutSpecimens } from './font-specimens';
import { whenIdle } from './idle';
import { platform } from './platform';
import './styles.css';
import { UpdatePrompt } from './components/UpdatePrompt';
import { WorkerClient } from './worker-client';

const params = new URLSearchParams(location.search);
const testMode = params.has('test');
// The watchdog allows for long decode steps (inflating a bomb can take seconds
// between two yields); tests shorten it to see a restart quickly.
// Tests also lower the file size limit (?test&maxFileSize=N) rather than make a 1 GiB file.
const client = new WorkerClient({
  watchdogMs: testMode ? 3000 : 10_000,
  createWorker: platform.createWorker,
  workerType: platform.workerType,
  maxFileSize: testMode && params.has('maxFileSize') ? Number(params.get('maxFileSize')) : undefined,
});

if (testMode) {
  (window as unknown as { __heapdiff: unknown }).__heapdiff = {
    crashWorker: () => client.crashForTest(),
    stopDecoder: (name: string) => client.stopDecoderForTest(name),
    holdDecoder: (name: string) => client.holdDecoderForTest(name),
    decoderStats: () => client.decoderStatsForTest(),
    build: platform.build,
  };
}

const link = new PageLink();
render(<App client={client} examples={platform.examples} compact={isEmbedded(location.search)} link={link} />, document.getElementById('app')!);
startMessageApi(link);
startHashLoading(link);
// Ahead of the first files: the fonts their cards and table draw, and the decoders that read them.
whenIdle(() => {
  layOutSpecimens(document.body);
  client.prepareDecoders();
});

platform.startOffline?.({
  onUpdate: (apply) => {
    const host = document.body.appendChild(document.createElement('div'));
    render(<UpdatePrompt onReload={apply} />, host);
  },
});
