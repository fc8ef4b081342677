// The legacy (pre-proto) formats: Go's ?debug=1/2 text and the older
// C++/Java formats go tool pprof still reads. Each recognises itself from the
// start of the file; decode/index.ts tries them before profile.proto.

import { contentionFormat } from './contention';
import { cpuLegacyFormat } from './cpu-binary';
import type { LegacyFormat } from './format';
import { goCountFormat } from './go-count';
import { goHeapFormat } from './go-heap';
import { goroutineDumpFormat } from './goroutine-dump';
import { javaFormat } from './java';
import { tcmallocHeapFormat } from './tcmalloc-heap';
import { threadzFormat } from './thread';

export type { LegacyFormat } from './format';
export { DETECT_BYTES } from './goroutine-dump';

// The C++/Java formats in go tool pprof's order (parseLegacy); no two of
// them claim the same file.
export const legacyFormats: LegacyFormat[] = [
  cpuLegacyFormat,
  tcmallocHeapFormat,
  threadzFormat,
  contentionFormat,
  javaFormat,
  // Go's ?debug=1 text: "@ heap/RATE" (tcmallocHeapFormat declines it) and count profiles.
  goHeapFormat,
  goCountFormat,
  // Goroutine dumps (?debug=2, panics): pprof reads none; recognised by content.
  goroutineDumpFormat,
];
