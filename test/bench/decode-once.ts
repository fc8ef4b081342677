// One decode (or one pako inflate) of a file in a process that has done
// nothing else, as the CLI's decoder threads (inflating on a thread of their
// own, decision 0050) and the page's decoders do theirs: every page it writes is written for the first time. Prints its time
// and the process's minor page faults meanwhile, as JSON (bench `wide`).
//
//   npx tsx test/bench/decode-once.ts ours|pako FILE

import { inflate } from 'pako';
import { readFileShared } from '../../src/cli/decode-files';
import { inflateThreadInSources, zlibElsewhere } from '../../src/cli/zlib-elsewhere';
import { zlibGunzip } from '../../src/cli/zlib-gunzip';
import { decodeProfileInflating } from '../../src/core/decode';
import { runSync } from '../../src/core/progress';

const [what, file] = process.argv.slice(2);
// As the CLI does: its inflate thread started before the file is read into shared memory.
const inflateElsewhere = what === 'ours' ? zlibElsewhere(inflateThreadInSources()) : undefined;
const gz = readFileShared(file);
const faults = () => process.resourceUsage().minorPageFault;
const f = faults();
const t = performance.now();
if (what === 'pako') inflate(gz);
else if (what === 'ours') runSync(decodeProfileInflating(gz, inflateElsewhere!, { gunzip: zlibGunzip }));
else throw new Error('ours or pako');
console.log(JSON.stringify({ ms: performance.now() - t, faults: faults() - f }));
