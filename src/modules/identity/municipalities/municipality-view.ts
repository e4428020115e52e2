import type { Locale } from './municipality.constants';

/** A municipality (tenant) with its settings, as every answer and every other module sees it. */
export interface MunicipalityView {
  id: string;
  code: string;
  name: string;
  timezone: string;
  locale: Locale;
  digestWeekday: number;
  digestHour: number;
  staleAfterDays: number;
  dueSoonDays: number;
  nextEvaluationDate: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export function toMunicipalityView(municipality: MunicipalityView): MunicipalityView {
  return {
    id: municipality.id,
    code: municipality.code,
    name: municipality.name,
    timezone: municipality.timezone,
    locale: municipality.locale,
    digestWeekday: municipality.digestWeekday,
    digestHour: municipality.digestHour,
    staleAfterDays: municipality.staleAfterDays,
    dueSoonDays: municipality.dueSoonDays,
    nextEvaluationDate: municipality.nextEvaluationDate,
    createdAt: municipality.createdAt,
    updatedAt: municipality.updatedAt,
  };
}
