import type { NextFunction, Request, Response } from 'express';
import multer from 'multer';
import { MAX_REPORT_BYTES } from '../../modules/evaluations/report-import/report-body';

/** Why an upload could not be read, for the form to say; set by `reportUpload`. */
export type UploadProblem = 'tooLarge' | 'textTooLarge' | 'unreadable';

export type UploadRequest = Request & { uploadProblem?: UploadProblem };

const upload = multer({
  storage: multer.memoryStorage(),
  limits: { fileSize: MAX_REPORT_BYTES, fieldSize: MAX_REPORT_BYTES, files: 1, fields: 5, parts: 6 },
}).single('file');

/**
 * Reads the import page's multipart form (the report file or pasted text, and the CSRF token)
 * before the session guard checks the token, which it finds in the body like any form's. A file
 * over the limit or a broken form is not an error page: the form says what was wrong.
 */
export function reportUpload(request: Request, response: Response, next: NextFunction): void {
  upload(request, response, (error: unknown) => {
    if (error) {
      (request as UploadRequest).uploadProblem = uploadProblemOf(error);
      request.body ??= {};
    }
    next();
  });
}

function uploadProblemOf(error: unknown): UploadProblem {
  if (!(error instanceof multer.MulterError)) return 'unreadable';
  if (error.code === 'LIMIT_FILE_SIZE') return 'tooLarge';
  // The pasted text is a form field; a file's own name or the CSRF token never get near the limit.
  if (error.code === 'LIMIT_FIELD_VALUE') return 'textTooLarge';
  return 'unreadable';
}
