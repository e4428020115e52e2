import { HttpStatus } from '@nestjs/common';
import chardet from 'chardet';
import iconv from 'iconv-lite';
import { DomainError } from '../../../common/errors/domain-error';
import { docxText } from './docx-text';
import type { ImportError, ImportErrorCode, ImportMessageParams } from './parsed-report';
import { pdfText } from './pdf-text';
import { EvaluationsErrorCode } from '../evaluations.errors';

// What was sent, told from its content (not from its name or content type), and its text.

export type ReportFormat = 'pdf' | 'docx' | 'text';

export interface ReportFileText {
  format: ReportFormat;
  /** The text encoding found, for text; null for PDF and Word. */
  encoding: string | null;
  text: string;
}

export const ACCEPTED_FORMATS =
  'a PDF with a text layer, a Word document (.docx), or text in UTF-8, UTF-16 (with BOM), Windows-1252 or ISO-8859-1';

const PDF_SIGNATURE = Buffer.from('%PDF-');
const ZIP_SIGNATURE = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const WORD_PART = Buffer.from('word/document.xml');
const OLE_SIGNATURE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
/** Single-byte encodings chardet may name for Swedish text; all are read as Windows-1252, their superset in practice. */
const LATIN_ENCODINGS = new Set(['ISO-8859-1', 'windows-1252', 'ISO-8859-15']);
/** A PDF whose pages hold fewer letters than this has no text layer to speak of: a scan. */
const MIN_LETTERS_OF_A_TEXT_LAYER = 20;

/** Pictures told by their first bytes: a report sent as a photo or a scan saved as an image. */
const PICTURE_SIGNATURES: { kind: string; matches: (bytes: Buffer) => boolean }[] = [
  { kind: 'PNG', matches: (bytes) => bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) },
  { kind: 'JPEG', matches: (bytes) => bytes.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff])) },
  { kind: 'GIF', matches: (bytes) => /^GIF8[79]a/.test(bytes.subarray(0, 6).toString('latin1')) },
  { kind: 'TIFF', matches: (bytes) => ['II*\u0000', 'MM\u0000*'].includes(bytes.subarray(0, 4).toString('latin1')) },
  { kind: 'WebP', matches: (bytes) => bytes.subarray(0, 4).toString('latin1') === 'RIFF' && bytes.subarray(8, 12).toString('latin1') === 'WEBP' },
  { kind: 'HEIC', matches: (bytes) => /^ftyp(?:heic|heix|mif1)$/.test(bytes.subarray(4, 12).toString('latin1')) },
];

/** The kind of a ZIP archive that is not a Word document, by the parts it holds (an extension a user knows). */
const ZIP_KINDS: { kind: string; part: Buffer }[] = [
  { kind: 'odt', part: Buffer.from('application/vnd.oasis.opendocument.text') },
  { kind: 'ods', part: Buffer.from('application/vnd.oasis.opendocument.spreadsheet') },
  { kind: 'odp', part: Buffer.from('application/vnd.oasis.opendocument.presentation') },
  { kind: 'xlsx', part: Buffer.from('xl/workbook.xml') },
  { kind: 'pptx', part: Buffer.from('ppt/presentation.xml') },
];

/**
 * A refusal of the file itself, under the answer's code as before, with the same
 * `errors: [{ line, code, params, message }]` a refused report's text gives, so that a page can
 * word it in its reader's language.
 */
function fileRefusal(status: HttpStatus, answerCode: EvaluationsErrorCode, code: ImportErrorCode, params: ImportMessageParams, message: string): DomainError {
  // A line only where the file is text and one line is at fault: damaged UTF-8.
  const line = typeof params.line === 'number' ? params.line : null;
  const errors: ImportError[] = [{ line, code, params, message }];
  return new DomainError(status, answerCode, message, undefined, { errors });
}

const unsupported = (code: ImportErrorCode, params: ImportMessageParams, what: string) =>
  fileRefusal(HttpStatus.UNSUPPORTED_MEDIA_TYPE, EvaluationsErrorCode.UnsupportedFormat, code, params, `${what}. The import reads ${ACCEPTED_FORMATS}.`);

const unreadable = (code: ImportErrorCode, params: ImportMessageParams, format: string, reason: string) =>
  fileRefusal(HttpStatus.UNPROCESSABLE_ENTITY, EvaluationsErrorCode.UnreadableFile, code, params, `The ${format} could not be read (${reason}); nothing was saved`);

export async function readReportFile(bytes: Buffer): Promise<ReportFileText> {
  if (bytes.subarray(0, 1024).includes(PDF_SIGNATURE)) return readPdf(bytes);
  if (bytes.subarray(0, 4).equals(ZIP_SIGNATURE)) {
    if (!bytes.includes(WORD_PART)) {
      const kind = ZIP_KINDS.find((candidate) => bytes.includes(candidate.part))?.kind ?? 'zip';
      throw unsupported('ZIP_NOT_WORD', { kind }, 'The file is a ZIP archive but not a Word document');
    }
    return readDocx(bytes);
  }
  if (bytes.subarray(0, 8).equals(OLE_SIGNATURE)) {
    throw unsupported('OLD_OFFICE_FORMAT', {}, 'The file is an old Word (.doc) or Office 97–2003 document: save it as .docx or PDF');
  }
  const picture = PICTURE_SIGNATURES.find((signature) => signature.matches(bytes));
  if (picture) throw unsupported('PICTURE', { kind: picture.kind }, `The file is a picture (${picture.kind}), not text: a scanned report?`);
  return decodeText(bytes);
}

async function readPdf(bytes: Buffer): Promise<ReportFileText> {
  let text: string;
  try {
    text = await pdfText(bytes);
  } catch (error) {
    const reason = error instanceof Error ? error.message : 'damaged';
    throw unreadable('PDF_DAMAGED', { reason }, 'PDF', reason);
  }
  if ((text.match(/\p{L}/gu) ?? []).length < MIN_LETTERS_OF_A_TEXT_LAYER) {
    throw fileRefusal(
      HttpStatus.UNPROCESSABLE_ENTITY,
      EvaluationsErrorCode.NoTextLayer,
      'NO_TEXT_LAYER',
      {},
      'The PDF has no text, only images (a scanned report?): send the PDF as SKR published it, or the report as .docx or text',
    );
  }
  return { format: 'pdf', encoding: null, text };
}

async function readDocx(bytes: Buffer): Promise<ReportFileText> {
  try {
    return { format: 'docx', encoding: null, text: await docxText(bytes) };
  } catch (error) {
    const reason = error instanceof Error ? error.message : 'damaged';
    throw unreadable('WORD_DAMAGED', { reason }, 'Word document', reason);
  }
}

/** UTF-8 and UTF-16 by their byte order mark, UTF-8 by being valid, else a Latin-1 family encoding that chardet recognises. */
export function decodeText(bytes: Buffer): ReportFileText {
  const decoded = decode(bytes);
  if (!decoded) throw unsupported('UNKNOWN_ENCODING', {}, 'The file is neither a PDF, a Word document nor text in a known encoding');
  if (holdsBinaryControls(decoded.text)) throw unsupported('BINARY_FILE', {}, 'The file holds binary data, not text');
  return { format: 'text', ...decoded };
}

/** Control characters text never holds; tab, line feeds, carriage return and form feed are text. */
function holdsBinaryControls(text: string): boolean {
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code < 0x20 && (code < 0x09 || code > 0x0d)) return true;
  }
  return false;
}

/**
 * UTF-8 with a few bytes that are not (a file edited in another encoding, or cut in the middle of
 * a character): read as Windows-1252 it would turn every å, ä and ö into two letters and hide the
 * report, so it is refused naming the first bad line. Real Windows-1252 text has next to no valid
 * UTF-8 sequences: its å is one byte followed by a letter.
 */
function refuseDamagedUtf8(bytes: Buffer): void {
  const lenient = new TextDecoder('utf-8').decode(bytes);
  const damaged = (lenient.match(/\ufffd/g) ?? []).length;
  const wellFormed = (lenient.match(/[^\p{ASCII}\ufffd]/gu) ?? []).length;
  if (damaged === 0 || wellFormed < damaged * 4) return;
  const line = lenient.slice(0, lenient.indexOf('\ufffd')).split('\n').length;
  const which = damaged === 1 ? 'one byte that is not' : `${damaged} bytes that are not`;
  throw unreadable('UTF8_DAMAGED', { line, byteCount: damaged }, 'text file', `it is UTF-8 but for ${which}, the first on line ${line}: save it again as UTF-8`);
}

function decode(bytes: Buffer): { encoding: string; text: string } | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'UTF-8', text: bytes.subarray(3).toString('utf8') };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'UTF-16LE', text: iconv.decode(bytes.subarray(2), 'utf-16le') };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'UTF-16BE', text: iconv.decode(bytes.subarray(2), 'utf-16be') };
  try {
    return { encoding: 'UTF-8', text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    // not UTF-8: one of the single-byte encodings, or not text at all
  }
  refuseDamagedUtf8(bytes);
  const likeliest = chardet.analyse(bytes)[0];
  if (!likeliest || !LATIN_ENCODINGS.has(likeliest.name)) return null;
  // Windows-1252 prints in 0x80–0x9F what ISO-8859-1 leaves to control codes: bytes there tell them apart.
  const encoding = bytes.some((byte) => byte >= 0x80 && byte <= 0x9f) ? 'Windows-1252' : 'ISO-8859-1';
  return { encoding, text: iconv.decode(bytes, 'windows-1252') };
}
