// One decode (or one pako inflate) of a file in a process that has done
// nothing else, as the CLI's decoder threads and the page's decoders do
// theirs: every page it writes is written for the first time. Prints its time
// and the process's minor page faults meanwhile, as JSON (bench `wide`).
//
//   npx tsx test/bench/decode-once.ts ours|pako FILE

import { readFileSync } from 'node:fs';
import { inflate } from 'pako';
import { zlibGunzip } from '../../src/cli/zlib-gunzip';
import { decodeProfile } from '../../src/core/decode';
import { runSync } from '../../src/core/progress';

const [what, file] = process.argv.slice(2);
const gz = new Uint8Array(readFileSync(file));
const faults = () => process.resourceUsage().minorPageFault;
const f = faults();
const t = performance.now();
if (what === 'pako') inflate(gz);
else if (what === 'ours') runSync(decodeProfile(gz, { gunzip: zlibGunzip }));
else throw new Error('ours or pako');
console.log(JSON.stringify({ ms: performance.now() - t, faults: faults() - f }));
