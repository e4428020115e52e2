import type { ErrorDetail } from '../../common/errors/domain-error';
import { failedRuleOf, withRule } from '../../common/errors/failed-rule';
import { formatNumber, type MailLocale } from '../../modules/mail';
import { fieldError, text } from '../views/forms';
import type { FindingChoiceArea, QuestionChoice } from './plan-form-options';

/** The fields a new plan and an edited plan share, as their forms name them. */
export const PLAN_FIELDS = ['title', 'description', 'ownerId', 'unit', 'startDate', 'dueDate', 'priority', 'expectedEffect'] as const;
export type PlanField = (typeof PLAN_FIELDS)[number];
export type PlanFields = Record<PlanField, string>;

/** What a person typed in the plan fields of a form, each as text. */
export function planFieldsOf(form: Record<string, unknown>): PlanFields {
  return Object.fromEntries(PLAN_FIELDS.map((field) => [field, text(form[field])])) as PlanFields;
}

/**
 * The plan fields as the API's body. A blank optional field (description, unit, start date,
 * expected effect) is left out of a new plan and cleared (`null`) on an edit: `blank` says which.
 */
export function planBodyOf(fields: PlanFields, blank: null | undefined): Record<PlanField, string | null | undefined> {
  const optional = (value: string) => (value.trim() === '' ? blank : value);
  return {
    title: fields.title,
    description: optional(fields.description),
    ownerId: fields.ownerId,
    unit: optional(fields.unit),
    startDate: optional(fields.startDate),
    dueDate: fields.dueDate,
    priority: fields.priority,
    expectedEffect: optional(fields.expectedEffect),
  };
}

/**
 * What the edit form saves after someone else changed the plan: the fields this person changed
 * (what they typed differs from what their form showed when it opened) keep their values, every
 * other field takes the current one, so saving again does not undo the other person's change.
 */
export function mergeEdits<Field extends string>(shownAtOpen: Record<Field, string>, typed: Record<Field, string>, current: Record<Field, string>): Record<Field, string> {
  const fields = Object.keys(typed) as Field[];
  return Object.fromEntries(fields.map((field) => [field, typed[field] !== shownAtOpen[field] ? typed[field] : current[field]])) as Record<Field, string>;
}

/** One row of a form's targets, as typed. */
export interface TargetRow {
  questionCode: string;
  expectedPoints: string;
}

/** More rows than a plan can have targets (45), so a form's rows are all read. */
const MOST_TARGET_ROWS = 46;

/** The findings ticked in a plan form. */
export function findingIdsOf(form: Record<string, unknown>): string[] {
  return [form.findingIds ?? []].flat().filter((id): id is string => typeof id === 'string');
}

/** The target rows a plan form sent (`targets[0].questionCode`, `targets[0].expectedPoints`, …), as typed. */
export function targetRowsOf(form: Record<string, unknown>): TargetRow[] {
  const rows: TargetRow[] = [];
  for (let index = 0; index < MOST_TARGET_ROWS; index++) {
    const code = form[`targets[${index}].questionCode`];
    const points = form[`targets[${index}].expectedPoints`];
    if (code === undefined && points === undefined) break;
    // Points as typed (a Swedish decimal comma stays a comma when the form comes back); read as a number for the body.
    rows.push({ questionCode: text(code), expectedPoints: text(points).trim() });
  }
  return rows;
}

const isBlank = (row: TargetRow) => row.questionCode === '' && row.expectedPoints === '';

/** A row's points as the API reads them: a Swedish decimal comma is a point; empty is missing. */
function pointsOf(row: TargetRow): number | undefined {
  return row.expectedPoints === '' ? undefined : Number(row.expectedPoints.replace(',', '.'));
}

/**
 * The targets of the API's body: the rows that are not blank. `rowOf` gives each target's row,
 * so that an error about `targets[i]` can be shown at its row (`atRows`).
 */
export function targetsBodyOf(rows: TargetRow[]): { targets: { questionCode: string; expectedPoints: number | undefined }[]; rowOf: number[] } {
  const used = rows.map((row, index) => ({ row, index })).filter(({ row }) => !isBlank(row));
  return { targets: used.map(({ row }) => ({ questionCode: row.questionCode, expectedPoints: pointsOf(row) })), rowOf: used.map(({ index }) => index) };
}

/**
 * Errors about `targets[i]` (or `targets.i`) named by the row `i` came from, as `targetsBodyOf`
 * counted them; the rule an error records (`withRule`) goes with it.
 */
export function atRows(errors: ErrorDetail[], rowOf: number[]): ErrorDetail[] {
  return errors.map((error) => {
    const match = error.field?.match(/^targets(?:\[(\d+)\]|\.(\d+))(.*)$/);
    const row = match ? rowOf[Number(match[1] ?? match[2])] : undefined;
    if (!match || row === undefined) return error;
    const moved = { ...error, field: `targets[${row}]${match[3]}` };
    const failed = failedRuleOf(error);
    return failed ? withRule(moved, failed.rule, failed.limit) : moved;
  });
}

/** The rows a form shows: at least `minimum`, and always an empty one last to add a target with. */
export function rowsToShow(rows: TargetRow[], minimum: number): TargetRow[] {
  const shown = [...rows];
  while (shown.length < minimum) shown.push({ questionCode: '', expectedPoints: '' });
  if (shown.length === 0 || !isBlank(shown[shown.length - 1])) shown.push({ questionCode: '', expectedPoints: '' });
  return shown;
}

/**
 * A plan's targets as rows of its form, the points written as the page in `locale` writes numbers
 * (`2,5` in Swedish), or without a locale as plain numbers (`2.5`), for comparing.
 */
export function rowsOfTargets(targets: { questionCode: string; expectedPoints: number }[], locale?: MailLocale): TargetRow[] {
  return targets.map((target) => ({
    questionCode: target.questionCode,
    expectedPoints: locale ? formatNumber(target.expectedPoints, locale, undefined) : String(target.expectedPoints),
  }));
}

/**
 * The links of a form as one value, to compare with what the form showed and what the plan has
 * now: the set of findings, whatever order they are ticked in.
 */
export function findingsValue(ids: string[]): string {
  return [...new Set(ids)].sort().join(' ');
}

/** The targets of a form as one value: the rows that are not blank, by sub-question, points as numbers where they are. */
export function targetsValue(rows: TargetRow[]): string {
  return rows
    .filter((row) => !isBlank(row))
    .map((row) => {
      const points = pointsOf(row);
      return `${row.questionCode}=${points !== undefined && Number.isFinite(points) ? String(points) : row.expectedPoints}`;
    })
    .sort()
    .join(' ');
}

/** The findings fieldset's areas (`partials/pages/plan-findings`), with the findings in `checked` ticked. */
export function findingsModel(areas: FindingChoiceArea[], checked: string[]) {
  return areas.map((area) => ({ ...area, findings: area.findings.map((finding) => ({ ...finding, checked: checked.includes(finding.id) })) }));
}

/** The targets fieldset's rows (`partials/pages/plan-targets`): each with its sub-questions, the chosen one selected, and its errors. */
export function targetsModel(rows: TargetRow[], questions: QuestionChoice[], errors: ErrorDetail[]) {
  return rows.map((row, index) => ({
    index,
    number: index + 1,
    expectedPoints: row.expectedPoints,
    questions: questions.map((question) => ({ ...question, selected: question.code === row.questionCode })),
    codeError: fieldError(errors, `targets[${index}].questionCode`),
    pointsError: fieldError(errors, `targets[${index}].expectedPoints`),
  }));
}
