import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Piscina } from 'piscina';

// The text of a PDF, laid out in fixed-width lines as a PDF text extractor's layout mode does, so
// that a table's cells keep standing side by side in columns the parser can cut.
//
// PDF.js reads a whole report in a few hundred milliseconds of CPU. In worker threads that time is
// not taken from the process's own thread (an API process goes on answering everyone else), and
// the pages are shared among up to two threads so that a report is read on two cores at once.

interface PositionedText {
  str: string;
  transform: number[];
  width: number;
  height: number;
}

interface PageTextItems {
  number: number;
  items: PositionedText[];
}

/** Two threads: each opens the document and reads every other page; more gained little in measurements. */
const PDF_READING_THREADS = Math.min(2, availableParallelism());
/** An idle thread (PDF.js loaded, about 1 s to start again) is kept this long after an import. */
const IDLE_THREAD_MS = 5 * 60_000;
/** A PDF made to exhaust memory ends its thread (the import answers 422), not the process. */
const THREAD_HEAP_LIMIT_MB = 512;

let pdfReadingPool: Piscina<{ bytes: Uint8Array; first: number; step: number }, PageTextItems[]> | null = null;

function pool() {
  pdfReadingPool ??= new Piscina({
    filename: join(__dirname, 'pdf-page-text.worker.js'),
    minThreads: 0,
    maxThreads: PDF_READING_THREADS,
    idleTimeout: IDLE_THREAD_MS,
    resourceLimits: { maxOldGenerationSizeMb: THREAD_HEAP_LIMIT_MB },
  });
  return pdfReadingPool;
}

/** Throws when the bytes are not a readable PDF. */
export async function pdfText(bytes: Uint8Array): Promise<string> {
  const step = PDF_READING_THREADS;
  let shares: PageTextItems[][];
  try {
    shares = await Promise.all(Array.from({ length: step }, (_, index) => pool().run({ bytes, first: index + 1, step })));
  } catch (reason) {
    throw asError(reason);
  }
  return shares
    .flat()
    .sort((a, b) => a.number - b.number)
    .map((page) => layOutPage(page.items))
    .join('\n\f');
}

/** PDF.js's exceptions cross from the thread as plain objects: their message (what is wrong with the file) is kept. */
function asError(reason: unknown): Error {
  if (reason instanceof Error) return reason;
  const message = typeof reason === 'object' && reason !== null && 'message' in reason ? String(reason.message) : String(reason);
  return new Error(message);
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
