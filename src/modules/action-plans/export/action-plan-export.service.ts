import { Injectable } from '@nestjs/common';
import type { Actor } from '../../../common/auth/actor';
import { Clock } from '../../../common/clock';
import { MunicipalitiesService } from '../../identity/municipalities/municipalities.service';
import { ExportQuery } from '../plans/action-plan.dto';
import { ActionPlansService } from '../plans/action-plans.service';
import { toCsv, toExportRow, toXlsx } from './action-plan-export';

/** The largest export; a municipality has a few hundred plans at most. */
const EXPORT_LIMIT = 10_000;

export interface ExportFile {
  fileName: string;
  contentType: string;
  body: Buffer;
}

/** The list as a spreadsheet, named after today's date where the municipality is. */
@Injectable()
export class ActionPlanExportService {
  constructor(
    private readonly plans: ActionPlansService,
    private readonly municipalities: MunicipalitiesService,
    private readonly clock: Clock,
  ) {}

  async export(actor: Actor, query: ExportQuery): Promise<ExportFile> {
    const { format, locale, ...filters } = query;
    const [{ items }, municipality] = await Promise.all([
      this.plans.list(actor, { ...filters, limit: EXPORT_LIMIT, offset: 0 }),
      this.municipalities.byId(actor.municipalityId),
    ]);
    const rows = items.map((plan) => toExportRow(plan, locale));
    const fileName = `handlingsplan-${this.clock.today(municipality)}.${format}`;
    return format === 'csv'
      ? { fileName, contentType: 'text/csv; charset=utf-8', body: toCsv(rows, locale) }
      : { fileName, contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', body: await toXlsx(rows, locale) };
  }
}
