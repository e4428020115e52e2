import { text } from '../views/forms';

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
