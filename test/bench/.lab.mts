import { readFileSync } from 'node:fs';
import { zlibGunzip } from '/work/main/src/cli/zlib-gunzip';
import { decodeProfile } from '/work/main/src/core/decode';
for (const f of process.argv.slice(2)) {
  const gen: any = decodeProfile(new Uint8Array(readFileSync(f)), { gunzip: zlibGunzip });
  let r; while (!(r = gen.next()).done);
  const p = r.value.profile;
  const L = p.labels; const set = new Set<string>();
  for (let j = 0; j < L.length; j++) set.add(`${L.key[j]}|${L.str[j]}|${L.num[j]}|${L.numUnit[j]}|${L.isNum[j]}`);
  let max = 0, nonInt = 0; const v = p.samples.values;
  for (let i = 0; i < v.length; i++) { const a = Math.abs(v[i]); if (a > max) max = a; if (v[i] !== (v[i] | 0)) nonInt++; }
  console.log(f, 'samples', p.samples.length, 'label entries', L.length, 'unique', set.size, 'max value', max, 'not int32', nonInt);
}
