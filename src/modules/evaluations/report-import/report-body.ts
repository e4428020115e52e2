import { HttpStatus } from '@nestjs/common';
import bodyParser from 'body-parser';
import type { RequestHandler } from 'express';
import type { IncomingMessage } from 'node:http';
import { DomainError } from '../../../common/errors/domain-error';
import { sizeInWords } from '../../../common/errors/http-exception.filter';
import type { ImportError } from './parsed-report';

/** Largest report accepted, as a file or as the body; the Avesta report is about 60 kB of text and 370 kB of PDF. */
export const MAX_REPORT_BYTES = 2 * 1024 * 1024;

/**
 * Reads the import's body as bytes, whatever its content type says, so the import can tell a PDF,
 * a Word document and text in any encoding from the content. JSON (`{ text }`) and multipart
 * uploads are left to their own readers.
 */
const READ_ELSEWHERE = /^\s*(?:application\/(?:[\w.+-]+\+)?json|multipart\/form-data)\s*(?:;|$)/iu;

export function reportBodyParser(): RequestHandler {
  const parse = bodyParser.raw({
    limit: MAX_REPORT_BYTES,
    type: (request: IncomingMessage) => !READ_ELSEWHERE.test(request.headers['content-type'] ?? ''),
  });
  return (request, response, next) =>
    parse(request, response, (error?: unknown) => {
      const tooLarge = (error as { type?: unknown } | undefined)?.type === 'entity.too.large';
      next(tooLarge ? reportTooLarge(`The request body is larger than the ${sizeInWords(MAX_REPORT_BYTES)} this address accepts`) : error);
    });
}

/**
 * 413 for a report over the limit, with the `errors` list of the import's other refusals
 * (`FILE_TOO_LARGE`), so a client can word it as it words them.
 */
export function reportTooLarge(message: string): DomainError {
  const errors: ImportError[] = [{ line: null, code: 'FILE_TOO_LARGE', params: { maxMegabytes: MAX_REPORT_BYTES / (1024 * 1024) }, message }];
  return new DomainError(HttpStatus.PAYLOAD_TOO_LARGE, 'PAYLOAD_TOO_LARGE', message, undefined, { errors });
}
