import { dirname, join } from 'node:path';
import { definePDFJSModule, getDocumentProxy } from 'unpdf';

// The text of a PDF, laid out in fixed-width lines as a PDF text extractor's layout mode does, so
// that a table's cells keep standing side by side in columns the parser can cut.

interface PositionedText {
  str: string;
  transform: number[];
  width: number;
  height: number;
}

let pdfjsLoaded: Promise<void> | null = null;

/**
 * unpdf loads its PDF.js build with `import()`, which Jest's CommonJS runtime cannot do; Node
 * (≥ 20.19) can `require()` that ES module, in the built app and under Jest alike.
 */
function loadPdfJs(): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- see above: import() is what fails under Jest
  pdfjsLoaded ??= definePDFJSModule(() => Promise.resolve(require(join(dirname(require.resolve('unpdf')), 'pdfjs.mjs')) as unknown));
  return pdfjsLoaded;
}

/** Throws when the bytes are not a readable PDF. */
export async function pdfText(bytes: Uint8Array): Promise<string> {
  await loadPdfJs();
  const pdf = await getDocumentProxy(new Uint8Array(bytes), { isEvalSupported: false, useSystemFonts: false });
  try {
    const pages: string[] = [];
    for (let number = 1; number <= pdf.numPages; number++) {
      const page = await pdf.getPage(number);
      const content = await page.getTextContent();
      const texts = content.items.flatMap((item) => ('str' in item && item.str.trim() !== '' ? [item as PositionedText] : []));
      pages.push(layOutPage(texts));
      page.cleanup();
    }
    return pages.join('\n\f');
  } finally {
    await pdf.destroy();
  }
}

/**
 * Items on one baseline make a line; each item stands at the column its x position gives, in
 * units a little narrower than an average character, so proportional text never overruns the
 * column where the next cell starts. A gap between lines of more than one and a half lines is a
 * blank line (a paragraph break).
 */
function layOutPage(items: PositionedText[]): string {
  if (items.length === 0) return '';
  const fontSizes = items.map((item) => Math.hypot(item.transform[2], item.transform[3]) || item.height).sort((a, b) => a - b);
  const fontSize = fontSizes[Math.floor(fontSizes.length / 2)] || 10;
  const averageCharWidth = median(items.filter((item) => item.str.length >= 4).map((item) => item.width / item.str.length)) || fontSize / 2;
  const unit = averageCharWidth * 0.8;
  const left = Math.min(...items.map((item) => item.transform[4]));

  const sorted = [...items].sort((a, b) => b.transform[5] - a.transform[5] || a.transform[4] - b.transform[4]);
  const rows: { y: number; items: PositionedText[] }[] = [];
  for (const item of sorted) {
    const row = rows[rows.length - 1];
    if (row && Math.abs(row.y - item.transform[5]) <= fontSize * 0.3) row.items.push(item);
    else rows.push({ y: item.transform[5], items: [item] });
  }

  const lines: string[] = [];
  rows.forEach((row, index) => {
    if (index > 0 && rows[index - 1].y - row.y > fontSize * 1.2 * 1.5) lines.push('');
    let line = '';
    let lineEndX = -Infinity;
    for (const item of row.items.sort((a, b) => a.transform[4] - b.transform[4])) {
      const x = item.transform[4];
      if (line !== '' && x - lineEndX < fontSize * 0.15) {
        line += item.str;
      } else {
        const column = Math.max(Math.round((x - left) / unit), line === '' ? 0 : line.length + 1);
        line = line.padEnd(column, ' ') + item.str;
      }
      lineEndX = x + item.width;
    }
    lines.push(line.replace(/\s+$/, ''));
  });
  return lines.join('\n');
}

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}
