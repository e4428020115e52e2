import { isDateOnly } from '../../common/http/date-only.validator';
import { catalogue, formatDate, formatDateTime, formatMonth, formatNumber, MailLocale } from '../../modules/mail';

/** Where the thing an audit event concerns is shown; null when it has no page of its own. */
export function auditLink(event: { entityType: string; entityId: string; changes: Record<string, { before?: unknown; after?: unknown }> }): string | null {
  const from = (field: string) => {
    const change = event.changes[field];
    const value = change?.after ?? change?.before;
    return typeof value === 'string' && /^[0-9a-f-]{36}$/.test(value) ? value : null;
  };
  switch (event.entityType) {
    case 'action-plan':
      return `/action-plans/${event.entityId}`;
    case 'progress-update':
      return from('actionPlanId') ? `/action-plans/${from('actionPlanId')}` : null;
    case 'evaluation':
    case 'evaluation-scores':
      return `/evaluations/${event.entityId}`;
    case 'finding':
      return from('evaluationId') ? `/evaluations/${from('evaluationId')}/findings#finding-${event.entityId}` : null;
    case 'reference':
      return from('evaluationId') ? `/evaluations/${from('evaluationId')}` : null;
    case 'user':
      return `/admin/users/${event.entityId}`;
    case 'municipality':
      return '/admin/municipality';
    default:
      return null;
  }
}

/** How the audit log words fields and values, in the reader's language. */
export interface AuditWords {
  /** A field's label, or null where the catalogue has none (the field's own name is shown then). */
  field(name: string): string | null;
  /** The text of one value of a set of labels (a status, a role), or null where the set has none. */
  label(group: string, value: string): string | null;
  /** A sub-question's score, which the scores' events name by its code. */
  question(code: string): string;
  number(value: number): string;
  date(isoDate: string): string;
  /** An evaluation's date, known by its month. */
  month(isoDate: string): string;
  dateTime(value: Date): string;
  yes: string;
  no: string;
}

/** The log's words from the catalogue (`adminAudit.fields`, the sets of labels), dates in the municipality's time zone. */
export function auditWords(locale: MailLocale, timeZone: string): AuditWords {
  const words = catalogue();
  const known = (key: string) => (words.has(locale, key) ? words.translate(locale, key) : null);
  return {
    field: (name) => known(`adminAudit.fields.${name}`),
    label: (group, value) => known(`${group}.${value}`),
    question: (code) => words.translate(locale, 'adminAudit.question', { code }),
    number: (value) => formatNumber(value, locale, undefined),
    date: (isoDate) => formatDate(isoDate, locale),
    month: (isoDate) => formatMonth(isoDate, locale),
    dateTime: (value) => formatDateTime(value, locale, timeZone),
    yes: words.translate(locale, 'adminAudit.yes'),
    no: words.translate(locale, 'adminAudit.no'),
  };
}

/** The set of labels a field's values come from, by the kind of thing the event concerns. */
const LABEL_GROUPS: Record<string, Record<string, string>> = {
  'action-plan': { status: 'status', health: 'health', priority: 'priority', effect: 'planHistory.effects' },
  'progress-update': { status: 'status', health: 'health' },
  evaluation: { status: 'evaluationStatus', source: 'evaluationSource' },
  finding: { kind: 'kind' },
  user: { role: 'role', locale: 'settings.languages' },
  municipality: { locale: 'settings.languages' },
};
/** How the log shows a value that is not there. */
const BLANK = '–';
const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

export interface AuditChangeRow {
  field: string;
  before: string | null;
  after: string | null;
}

/**
 * An event's changes as the log shows them: each field by its label, each value as the pages
 * word it (a status as its word, a date as a date, an id in `names` as its name, yes or no);
 * an id with no name (a finding's) stays an id, as the log's filter takes ids.
 */
export function auditChanges(
  event: { entityType: string; changes: Record<string, { before?: unknown; after?: unknown }> },
  names: ReadonlyMap<string, string>,
  words: AuditWords,
): AuditChangeRow[] {
  const groups = LABEL_GROUPS[event.entityType] ?? {};
  const shown = (field: string, value: unknown): string => {
    if (value === null || value === undefined || value === '') return BLANK;
    if (typeof value === 'boolean') return value ? words.yes : words.no;
    if (typeof value === 'number') return words.number(value);
    if (typeof value === 'string') {
      if (groups[field]) return words.label(groups[field], value) ?? value;
      if (isDateOnly(value)) return event.entityType === 'evaluation' && field === 'conductedOn' ? words.month(value) : words.date(value);
      if (ISO_TIMESTAMP.test(value) && !Number.isNaN(Date.parse(value))) return words.dateTime(new Date(value));
      return names.get(value) ?? value;
    }
    if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value.map((item) => names.get(item) ?? item).join(', ') || BLANK;
    if (field === 'targets' && Array.isArray(value)) {
      const targets = value as { questionCode?: unknown; expectedPoints?: unknown }[];
      return targets.map((target) => `${String(target.questionCode)} (${typeof target.expectedPoints === 'number' ? words.number(target.expectedPoints) : '–'})`).join(', ') || BLANK;
    }
    return JSON.stringify(value);
  };
  const label = (field: string) => (event.entityType === 'evaluation-scores' ? words.question(field) : (words.field(field) ?? field));
  return (
    Object.entries(event.changes)
      .map(([field, change]) => ({
        field: label(field),
        before: 'before' in change ? shown(field, change.before) : null,
        after: 'after' in change ? shown(field, change.after) : null,
      }))
      // A field empty both before and after says nothing: a new finding without a sub-question is not "– → –".
      .filter((row) => !((row.before === null || row.before === BLANK) && (row.after === null || row.after === BLANK)))
  );
}
