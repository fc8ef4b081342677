// The text styles a comparison's first screen draws, laid out once while the
// page waits for files. Chromium on Linux looks a font up the first time a
// family, size and weight is laid out, through a synchronous call to the
// browser process; while two files decode, those calls stretched the tasks
// that drew the ready cards and the comparison (decision 0041). Laid out here, they are in the renderer's font cache
// before a file arrives. The specimens stay in the document, hidden: the
// cache may let go of a font nothing uses.

/** A font as the page's styles compute it: its family's custom property, size in rem (the root is 15px), weight. */
export type FontSpecimen = readonly ['--sans' | '--mono', number, 400 | 600 | 700];

/**
 * The computed fonts of the text of the cards (whole and as lines), the view
 * tabs, the timeline, the report's options and the heap table, alone and
 * compared, on the page and embedded. test/e2e/font-specimens.test.ts fails
 * when a style there is missing from this list.
 */
export const FIRST_SCREEN_FONTS: readonly FontSpecimen[] = [
  ['--sans', 0.68, 700],
  ['--sans', 0.75, 700],
  ['--sans', 0.82, 400],
  ['--sans', 0.85, 400],
  ['--sans', 0.85, 600],
  ['--sans', 0.85, 700],
  ['--sans', 0.88, 400],
  ['--sans', 0.9, 400],
  ['--sans', 0.95, 700],
  ['--sans', 1, 400],
  ['--sans', 1, 600],
  ['--sans', 1, 700],
  ['--sans', 1.15, 400],
  ['--sans', 1.5, 700],
  // The embedded page's cards (embed.css: 0.9rem, their units 0.85 of it).
  ['--sans', 0.765, 400],
  ['--sans', 0.765, 700],
  ['--sans', 0.9, 700],
  ['--mono', 0.9, 600],
  ['--mono', 0.9, 700],
  ['--mono', 0.82, 400],
  ['--mono', 0.85, 400],
  ['--mono', 0.85, 600],
  ['--mono', 0.9, 400],
  ['--mono', 1, 400],
  ['--mono', 1, 600],
  ['--mono', 1, 700],
];

/** Letters and digits, so their shapes are cached with the font. */
const SAMPLE = 'Hamburgefonstiv QWXYZ 0123456789 .,:%+-()/_';

/** A hidden block of one line per font of FIRST_SCREEN_FONTS, appended to `body`. */
export function layOutSpecimens(body: HTMLElement): HTMLElement {
  const doc = body.ownerDocument;
  const block = doc.createElement('div');
  block.className = 'font-specimens';
  block.setAttribute('aria-hidden', 'true');
  block.dataset.testid = 'font-specimens';
  for (const [family, rem, weight] of FIRST_SCREEN_FONTS) {
    const line = doc.createElement('span');
    line.style.font = `${weight} ${rem}rem var(${family})`;
    line.textContent = SAMPLE;
    block.append(line);
  }
  body.append(block);
  return block;
}
