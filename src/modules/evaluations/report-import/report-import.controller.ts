import { Body, Controller, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiPayloadTooLargeResponse, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import type { Actor } from '../../../common/auth/actor';
import { CurrentActor, RequireRole } from '../../../common/auth/auth.decorators';
import { ValidationFailedError } from '../../../common/errors/domain-error';
import { ImportQuery, ImportTextDto } from '../evaluations/evaluation.dto';
import { ImportResultDoc } from '../evaluations/evaluation-report.dto';
import { ImportResult, ReportImportService } from './report-import.service';

/** The report comes as a text/plain body, or as JSON `{ text }`. */
function reportText(body: unknown): string {
  if (typeof body === 'string') return body;
  if (body && typeof body === 'object' && !Array.isArray(body)) {
    const { text, ...rest } = body as Record<string, unknown>;
    const unknown = Object.keys(rest);
    if (unknown.length > 0) throw new ValidationFailedError(unknown.map((field) => ({ field, message: `property ${field} should not exist` })));
    if (text === undefined) return ''; // an empty body: the parser says what is missing
    if (typeof text === 'string') return text;
  }
  throw new ValidationFailedError([{ field: 'text', message: 'text must be the report as a string' }]);
}

@ApiTags('evaluations')
@ApiBearerAuth()
@Controller('evaluations/import')
export class ReportImportController {
  constructor(private readonly reportImport: ReportImportService) {}

  @Post()
  @RequireRole('manager')
  @ApiConsumes('text/plain', 'application/json')
  @ApiBody({ type: ImportTextDto, description: 'The report text as text/plain, or JSON { text }' })
  @ApiCreatedResponse({ type: ImportResultDoc, description: 'A new draft evaluation (nothing saved with dryRun=true)' })
  @ApiUnprocessableEntityResponse({ description: '{ message, errors: [{ line, message }] }: not a readable report, or another municipality\'s' })
  @ApiPayloadTooLargeResponse({ description: 'Over 2 MB' })
  import(@CurrentActor() actor: Actor, @Query() query: ImportQuery, @Body() body: unknown): Promise<ImportResult> {
    return this.reportImport.import(actor, reportText(body), { dryRun: query.dryRun });
  }
}
