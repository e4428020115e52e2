import bodyParser from 'body-parser';
import type { RequestHandler } from 'express';
import type { IncomingMessage } from 'node:http';

/** Largest report accepted, as a file or as the body; the Avesta report is about 60 kB of text and 370 kB of PDF. */
export const MAX_REPORT_BYTES = 2 * 1024 * 1024;

/**
 * Reads the import's body as bytes, whatever its content type says, so the import can tell a PDF,
 * a Word document and text in any encoding from the content. JSON (`{ text }`) and multipart
 * uploads are left to their own readers.
 */
const READ_ELSEWHERE = /^\s*(?:application\/(?:[\w.+-]+\+)?json|multipart\/form-data)\s*(?:;|$)/iu;

export function reportBodyParser(): RequestHandler {
  return bodyParser.raw({
    limit: MAX_REPORT_BYTES,
    type: (request: IncomingMessage) => !READ_ELSEWHERE.test(request.headers['content-type'] ?? ''),
  });
}
