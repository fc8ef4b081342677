// Starts decode-thread.ts in a worker thread from the TypeScript sources:
// Node 20 does not hand tsx's loader (--import) on to worker threads, so the
// thread registers it itself before loading the decoder.
import { register } from 'tsx/esm/api';

register();
await import('./decode-thread.ts');
