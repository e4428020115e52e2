import { Body, CallHandler, Controller, ExecutionContext, HttpStatus, Injectable, PayloadTooLargeException, Post, Query, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import type { Actor } from '../../../common/auth/actor';
import { CurrentActor, RequireRole } from '../../../common/auth/auth.decorators';
import { ValidationFailedError } from '../../../common/errors/domain-error';
import { sizeInWords } from '../../../common/errors/http-exception.filter';
import { ImportQuery } from '../evaluations/evaluation.dto';
import { ImportResultDoc } from '../evaluations/evaluation-report.dto';
import { MAX_REPORT_BYTES, reportTooLarge } from './report-body';
import { ACCEPTED_FORMATS } from './report-file';
import { ImportResult, ReportImportService, ReportInput } from './report-import.service';

/** What multer keeps of an uploaded file that the import reads. */
interface UploadedReport {
  buffer: Buffer;
}

/** The report as a multipart `file`, as the raw body (any content type), or as JSON `{ text }`. */
function reportInput(file: UploadedReport | undefined, body: unknown): ReportInput {
  if (file) {
    // A multipart form holds the file alone: any other field is refused, as unknown fields are everywhere.
    refuseUnknownFields(Buffer.isBuffer(body) ? [] : Object.keys(body ?? {}));
    return { bytes: file.buffer };
  }
  if (Buffer.isBuffer(body)) return { bytes: body };
  if (body === undefined || body === null) return { bytes: Buffer.alloc(0) };
  if (typeof body === 'object' && !Array.isArray(body)) {
    const { text, ...rest } = body as Record<string, unknown>;
    refuseUnknownFields(Object.keys(rest));
    if (text === undefined) return { text: '' }; // an empty body: the parser says what is missing
    if (typeof text === 'string') return { text };
  }
  throw new ValidationFailedError([{ field: 'text', message: 'text must be the report as a string' }]);
}

function refuseUnknownFields(fields: string[]): void {
  if (fields.length > 0) throw new ValidationFailedError(fields.map((field) => ({ field, message: `property ${field} should not exist` })));
}

/** Multer's reader of the multipart `file`, whose 413 names the limit ("File too large" does not). */
@Injectable()
class ReportFileInterceptor extends FileInterceptor('file', { limits: { fileSize: MAX_REPORT_BYTES, files: 1 } }) {
  async intercept(context: ExecutionContext, next: CallHandler) {
    try {
      return await super.intercept(context, next);
    } catch (error) {
      if (!(error instanceof PayloadTooLargeException)) throw error;
      throw reportTooLarge(`The file is larger than ${sizeInWords(MAX_REPORT_BYTES)}, the most the import accepts`);
    }
  }
}

@ApiTags('evaluations')
@ApiBearerAuth()
@Controller('evaluations/import')
export class ReportImportController {
  constructor(private readonly reportImport: ReportImportService) {}

  @Post()
  @RequireRole('manager')
  @UseInterceptors(ReportFileInterceptor)
  @ApiOperation({ summary: 'Import a KommunKompassen report as a new draft evaluation', description: `Accepts ${ACCEPTED_FORMATS}.` })
  @ApiConsumes('multipart/form-data', 'application/pdf', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'text/plain', 'application/json')
  @ApiBody({
    description: 'The report as a multipart `file`, as the request body itself (its kind is read from its content), or as JSON { text }',
    schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' }, text: { type: 'string' } } },
  })
  @ApiCreatedResponse({ type: ImportResultDoc, description: 'A new draft evaluation, with the format and encoding the file was read as' })
  @ApiOkResponse({ type: ImportResultDoc, description: 'With dryRun=true: the evaluation as it would be saved (no ids), nothing saved' })
  @ApiConflictResponse({ description: 'IMPORT.DUPLICATE: the municipality has an evaluation of the same date (allowDuplicate=true imports anyway)' })
  @ApiUnsupportedMediaTypeResponse({
    description: `IMPORT.UNSUPPORTED_FORMAT { message, errors: [{ line, code, params, message }] }: not ${ACCEPTED_FORMATS}; \`code\` OLD_OFFICE_FORMAT, ZIP_NOT_WORD (params.kind: odt, xlsx, zip, …), PICTURE (params.kind: PNG, JPEG, …), BINARY_FILE or UNKNOWN_ENCODING`,
  })
  @ApiUnprocessableEntityResponse({
    description:
      "IMPORT.NOT_A_REPORT { message, errors: [{ line, code, params, message }] } (each error's `code` stable, e.g. AREA_WITHOUT_SECTION, `params` the values its English `message` names): not a readable report, another municipality's, a findings table that cannot be assigned; IMPORT.NO_TEXT_LAYER, a PDF without text (a scan; code NO_TEXT_LAYER); or IMPORT.UNREADABLE_FILE, a damaged file (code PDF_DAMAGED or WORD_DAMAGED with the library's English params.reason, or UTF8_DAMAGED with params.line and params.byteCount), each with the same errors list",
  })
  @ApiPayloadTooLargeResponse({ description: 'PAYLOAD_TOO_LARGE, over 2 MB, with errors: [{ code: FILE_TOO_LARGE, params: { maxMegabytes } }]' })
  async import(
    @CurrentActor() actor: Actor,
    @Query() query: ImportQuery,
    @UploadedFile() file: UploadedReport | undefined,
    @Body() body: unknown,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ImportResult> {
    const result = await this.reportImport.import(actor, reportInput(file, body), { dryRun: query.dryRun, allowDuplicate: query.allowDuplicate });
    if (result.dryRun) response.status(HttpStatus.OK);
    return result;
  }
}
