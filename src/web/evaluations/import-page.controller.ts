import { Body, Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { RequireRole } from '../../common/auth/auth.decorators';
import { DomainError } from '../../common/errors/domain-error';
import { EvaluationsErrorCode } from '../../modules/evaluations/evaluations.errors';
import type { ImportError } from '../../modules/evaluations/report-import/parsed-report';
import { ImportResult, ReportImportService, ReportInput } from '../../modules/evaluations/report-import/report-import.service';
import type { SessionUser } from '../../modules/identity/auth/auth.service';
import { MunicipalitiesService } from '../../modules/identity/municipalities/municipalities.service';
import { PageController, Viewer } from '../page.decorators';
import type { PageRequest } from '../session/page-request';
import { text } from '../views/forms';
import { Pages } from '../views/pages';
import { ImportUploads, UPLOAD_TTL_SECONDS, UploadOwner } from './import-uploads';
import { type ImportMessageModel, importErrorModels, ownMessage } from './import-messages';
import { reportModel, warningModels } from './report-model';
import type { UploadRequest } from './upload.middleware';

type Form = Record<string, unknown>;

/** Why a report could not be read, as the page lists it: with its line when the parser knows it. */
type ReportProblem = ImportMessageModel;

/** An evaluation of the same date the municipality already has. */
interface SameDate {
  id: string;
  title: string;
}

/**
 * Importera rapport: the report file (PDF, Word, text in any encoding the API reads) or its
 * pasted text goes through the very import the API runs, first as a dry run whose result is the
 * preview; the upload waits in Redis (ImportUploads), so "Importera" saves exactly that as a draft.
 */
@PageController()
@Controller('evaluations/import')
export class ImportPageController {
  constructor(
    private readonly reportImport: ReportImportService,
    private readonly uploads: ImportUploads,
    private readonly municipalities: MunicipalitiesService,
    private readonly pages: Pages,
  ) {}

  @Get()
  @RequireRole('manager')
  form(@Req() request: PageRequest, @Res() response: Response): void {
    this.renderForm(request, response, '', null, 200);
  }

  /** The upload (or pasted text): the dry run, then the preview at its own address. */
  @Post()
  @RequireRole('manager')
  async upload(@Req() request: PageRequest & UploadRequest, @Res() response: Response, @Viewer() viewer: SessionUser, @Body() form: Form): Promise<void> {
    const pasted = text(form.text);
    const file = request.file && request.file.size > 0 ? request.file : null;
    if (request.uploadProblem) return this.renderForm(request, response, pasted, { problems: [this.ownProblem(request, request.uploadProblem)], pasted: false }, 400);
    const input: ReportInput | null = file ? { bytes: file.buffer } : pasted.trim() !== '' ? { text: pasted } : null;
    if (!input) return this.renderForm(request, response, pasted, { problems: [this.ownProblem(request, 'nothing')], pasted: false }, 400);
    if ('text' in input && input.text.includes('\u0000')) {
      return this.renderForm(request, response, pasted.replaceAll('\u0000', ''), { problems: [this.ownProblem(request, 'nulCharacter')], pasted: true }, 400);
    }
    try {
      await this.dryRun(viewer, input);
    } catch (error) {
      const problems = this.problemsOf(request, error);
      return this.renderForm(request, response, pasted, { problems, pasted: !file }, Number((error as DomainError).status));
    }
    const id = await this.uploads.keep(this.ownerOf(request, viewer), { input, fileName: file ? file.originalname : null });
    response.redirect(303, `/evaluations/import/${id}`);
  }

  /** The preview: the dry run again on the kept upload, so it shows what "Importera" would save now. */
  @Get(':upload')
  @RequireRole('manager')
  async preview(@Req() request: PageRequest, @Res() response: Response, @Viewer() viewer: SessionUser, @Param('upload') uploadId: string): Promise<void> {
    const upload = await this.uploads.find(this.ownerOf(request, viewer), uploadId);
    if (!upload) return this.renderExpired(request, response);
    const { result, sameDate } = await this.dryRun(viewer, upload.input);
    await this.renderPreview(request, response, viewer, uploadId, upload.fileName, result, sameDate, false, 200);
  }

  /** "Importera": saves the kept upload as a draft; the browser sends nothing of the report again. */
  @Post(':upload')
  @RequireRole('manager')
  async save(@Req() request: PageRequest, @Res() response: Response, @Viewer() viewer: SessionUser, @Param('upload') uploadId: string, @Body() form: Form): Promise<void> {
    const upload = await this.uploads.find(this.ownerOf(request, viewer), uploadId);
    if (!upload) return this.renderExpired(request, response);
    const allowDuplicate = text(form.allowDuplicate) === 'true';
    let result: ImportResult;
    try {
      result = await this.reportImport.import(viewer.actor, upload.input, { allowDuplicate });
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== String(EvaluationsErrorCode.DuplicateImport)) throw error;
      // Not confirmed: the preview again, now saying what to tick.
      const again = await this.dryRun(viewer, upload.input);
      return this.renderPreview(request, response, viewer, uploadId, upload.fileName, again.result, again.sameDate, true, 409);
    }
    await this.uploads.forget(uploadId);
    this.pages.redirect(request, response, `/evaluations/${result.evaluation.id}`, 'import.saved');
  }

  /**
   * The dry run as the API's `?dryRun=true`. A date the municipality already has is the API's
   * 409; the page still shows the whole preview, and says so.
   */
  private async dryRun(viewer: SessionUser, input: ReportInput): Promise<{ result: ImportResult; sameDate: SameDate | null }> {
    try {
      return { result: await this.reportImport.import(viewer.actor, input, { dryRun: true }), sameDate: null };
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== String(EvaluationsErrorCode.DuplicateImport)) throw error;
      const existing = error.details?.[0] as { evaluationId?: string; title?: string } | undefined;
      const result = await this.reportImport.import(viewer.actor, input, { dryRun: true, allowDuplicate: true });
      return { result, sameDate: existing?.evaluationId ? { id: existing.evaluationId, title: existing.title ?? '' } : null };
    }
  }

  /**
   * The import's refusal as the form lists it, of the text or of the file itself (a scan, a
   * damaged file, a format the import does not read), each worded from its code; anything but a
   * refusal of the report is an error page.
   */
  private problemsOf(request: PageRequest, error: unknown): ReportProblem[] {
    if (!(error instanceof DomainError) || ![415, 422].includes(Number(error.status))) throw error;
    const listed = (error.extraBody?.errors as ImportError[] | undefined) ?? [];
    return importErrorModels(listed.length > 0 ? listed : [{ line: null, message: error.message }], this.pages.localeOf(request));
  }

  private ownProblem(request: PageRequest, problem: string): ReportProblem {
    return ownMessage(this.pages.text(request, `import.problems.${problem}`));
  }

  private ownerOf(request: PageRequest, viewer: SessionUser): UploadOwner {
    return { sessionId: request.sessionID, userId: viewer.actor.userId, municipalityId: viewer.actor.municipalityId };
  }

  private renderForm(request: PageRequest, response: Response, pasted: string, refused: { problems: ReportProblem[]; pasted: boolean } | null, status: number): void {
    this.pages.render(
      request,
      response,
      'evaluations/import',
      {
        title: this.pages.text(request, 'import.title'),
        pasted,
        refused,
        // The summary links to the field that was used.
        errors: refused ? [{ field: refused.pasted ? 'text' : 'file', message: this.pages.text(request, 'import.refused') }] : [],
        keptMinutes: UPLOAD_TTL_SECONDS / 60,
      },
      status,
    );
  }

  private renderExpired(request: PageRequest, response: Response): void {
    this.pages.render(request, response, 'evaluations/import-expired', { title: this.pages.text(request, 'import.expiredTitle') }, 404);
  }

  private async renderPreview(
    request: PageRequest,
    response: Response,
    viewer: SessionUser,
    uploadId: string,
    fileName: string | null,
    result: ImportResult,
    sameDate: SameDate | null,
    confirmMissing: boolean,
    status: number,
  ): Promise<void> {
    const municipality = await this.municipalities.byId(viewer.actor.municipalityId);
    const report = result.evaluation;
    this.pages.render(
      request,
      response,
      'evaluations/preview',
      {
        title: this.pages.text(request, 'import.previewTitle'),
        uploadId,
        fileName,
        file: result.file,
        municipality: { name: municipality.name, code: municipality.code },
        evaluation: report,
        monthStated: !result.warnings.some((warning) => warning.code === 'MONTH_NOT_STATED'),
        ...reportModel(report),
        editable: false,
        warnings: warningModels(result.warnings, report, this.pages.localeOf(request)),
        sameDate,
        errors: confirmMissing ? [{ field: 'allowDuplicate', message: this.pages.text(request, 'import.confirmDuplicate') }] : [],
        confirmMissing,
        keptMinutes: UPLOAD_TTL_SECONDS / 60,
      },
      status,
    );
  }
}
