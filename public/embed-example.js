// An example host page for heapdiff's embedding API (README, "Embedding").
// It sends profiles to the iframe as {type: 'heapdiff:load', files: [{name, data}]},
// transferring the ArrayBuffers, and shows the answer: heapdiff:ready with a
// summary of each file, or heapdiff:error.
'use strict';

const params = new URLSearchParams(location.search);
const viewer = new URL(params.get('viewer') || './index.html', location.href);
viewer.searchParams.set('embed', '1');

const frame = document.getElementById('viewer');
const status = document.getElementById('status');
const reply = document.getElementById('reply');
const sendExample = document.getElementById('send-example');
const fileInput = document.getElementById('files');
let nextId = 0;

function enable() {
  sendExample.disabled = false;
  fileInput.disabled = false;
  status.textContent = 'heapdiff is ready for profiles.';
}

// Only heapdiff's own answers: from the iframe's window and the viewer's origin.
window.addEventListener('message', (event) => {
  if (event.source !== frame.contentWindow || event.origin !== viewer.origin) return;
  const msg = event.data;
  if (msg.type === 'heapdiff:listening') return enable();
  if (msg.type === 'heapdiff:ready') {
    status.textContent = msg.files.map((f) => `${f.role || 'file'} ${f.name}: ${f.defaultSampleType} ${f.totals.find((t) => t.type === f.defaultSampleType)?.label}`).join('; ');
  } else if (msg.type === 'heapdiff:error') {
    status.textContent = `heapdiff could not load them: ${msg.message}`;
  } else {
    return;
  }
  reply.textContent = JSON.stringify(msg, null, 2);
});
// The iframe's load event also means heapdiff listens (its script runs before it).
frame.addEventListener('load', enable);
frame.src = viewer.href;

/** files: [{name, data: ArrayBuffer}]; the buffers are transferred, not copied. */
function send(files) {
  status.textContent = `Sending ${files.length} file(s)…`;
  frame.contentWindow.postMessage({ type: 'heapdiff:load', id: ++nextId, files }, viewer.origin, files.map((f) => f.data));
}

sendExample.addEventListener('click', async () => {
  const names = ['gzipleak.base.heap', 'gzipleak.current.heap'];
  try {
    const files = await Promise.all(
      names.map(async (name) => {
        const res = await fetch(new URL(`examples/${name}`, location.href));
        if (!res.ok) throw new Error(`${name}: HTTP ${res.status}`);
        return { name, data: await res.arrayBuffer() };
      }),
    );
    send(files);
  } catch (e) {
    status.textContent = `The example could not be fetched: ${e.message}`;
  }
});

fileInput.addEventListener('change', async () => {
  const files = await Promise.all(Array.from(fileInput.files, async (f) => ({ name: f.name, data: await f.arrayBuffer() })));
  fileInput.value = '';
  if (files.length > 0) send(files);
});
