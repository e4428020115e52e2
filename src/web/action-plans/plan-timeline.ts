import type { ActionPlanView } from '../../modules/action-plans/plans/action-plan.dto';

/** One value in the history as a page shows it: a date (formatted by the template) or text. */
export interface ShownValue {
  text: string | null;
  date: string | null;
}

export interface TimelineEdit {
  kind: 'edit';
  at: Date;
  who: string;
  created: boolean;
  changes: { label: string; before: ShownValue | null; after: ShownValue }[];
}

export interface TimelineUpdate<U> {
  kind: 'update';
  at: Date;
  update: U & { statusChanged: boolean; healthChanged: boolean; progressChanged: boolean };
}

/** An audit event of the plan, as the audit module answers it. */
export interface PlanAuditEvent {
  actorId: string | null;
  action: string;
  changes: Record<string, { before?: unknown; after?: unknown }>;
  createdAt: Date;
}

export interface TimelineWords {
  /** The label of a field (`planForm.fields.*` and the history's own). */
  field(name: string): string;
  /** A value of a set of labels: status, priority, health, effect. */
  label(group: 'status' | 'priority' | 'health' | 'effect', value: string): string;
  /** Someone with no name: the system (a command-line task, the follow-up's derivation). */
  system: string;
  /** A finding no longer linked to the plan. */
  otherFinding: string;
  points(value: number): string;
}

/** The fields an edit shows, in this order; anything else an event holds (ids, stamps) is left out. */
const SHOWN_FIELDS: readonly string[] = ['title', 'ownerId', 'status', 'cancellationReason', 'startDate', 'dueDate', 'priority', 'unit', 'description', 'expectedEffect', 'findingIds', 'targets', 'effect', 'effectComment'] as const;
/** A new plan's entry names who owns it and by when; the rest is on the page above. */
const CREATED_FIELDS: readonly string[] = ['ownerId', 'dueDate'];
const DATES = new Set(['startDate', 'dueDate']);
const LABELLED: Record<string, 'status' | 'priority' | 'health' | 'effect'> = { status: 'status', priority: 'priority', effect: 'effect' };

/**
 * The plan's history, newest first: each progress update (what it changed from the one before,
 * and its comment) and each change a manager made to the plan itself, from the audit log (who,
 * when, which fields, from what to what). A change of the traffic light alone, which cancelling
 * or reopening brings with it, is left to the status it goes with.
 */
export function planTimeline<U extends { createdAt: Date | string; status: string; health: string; progress: number }>(
  plan: Pick<ActionPlanView, 'findings'>,
  updates: U[],
  events: PlanAuditEvent[],
  names: Map<string, string>,
  words: TimelineWords,
): (TimelineEdit | TimelineUpdate<U>)[] {
  const oldestFirst = [...updates].sort((a, b) => new Date(a.createdAt).getTime() - new Date(b.createdAt).getTime());
  const shownUpdates: TimelineUpdate<U>[] = oldestFirst.map((update, index) => {
    const previous = index > 0 ? oldestFirst[index - 1] : null;
    return {
      kind: 'update',
      at: new Date(update.createdAt),
      update: {
        ...update,
        statusChanged: !previous || previous.status !== update.status,
        healthChanged: !previous || previous.health !== update.health,
        progressChanged: !previous || previous.progress !== update.progress,
      },
    };
  });
  const findingText = new Map(plan.findings.map((finding) => [finding.id, finding.text]));
  const shown = (field: string, value: unknown): ShownValue | null => {
    if (value === undefined) return null;
    if (value === null || value === '') return { text: '–', date: null };
    const plain = typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(value);
    if (DATES.has(field)) return { text: null, date: plain };
    if (field === 'ownerId') return { text: names.get(plain) ?? '–', date: null };
    if (LABELLED[field]) return { text: words.label(LABELLED[field], plain), date: null };
    if (field === 'findingIds' && Array.isArray(value)) {
      return { text: value.map((id) => findingText.get(typeof id === 'string' ? id : '') ?? words.otherFinding).join('; ') || '–', date: null };
    }
    if (field === 'targets' && Array.isArray(value)) {
      const targets = value as { questionCode: string; expectedPoints: number }[];
      return { text: targets.map((target) => `${target.questionCode} (${words.points(target.expectedPoints)})`).join(', ') || '–', date: null };
    }
    return { text: plain, date: null };
  };
  const edits: TimelineEdit[] = events
    .filter((event) => event.action === 'create' || event.action === 'update')
    .map((event) => ({
      kind: 'edit' as const,
      at: new Date(event.createdAt),
      who: event.actorId ? (names.get(event.actorId) ?? words.system) : words.system,
      created: event.action === 'create',
      changes: (event.action === 'create' ? CREATED_FIELDS : SHOWN_FIELDS)
        .filter((field) => event.changes[field] && event.changes[field].after !== undefined)
        .map((field) => ({ label: words.field(field), before: event.action === 'create' ? null : shown(field, event.changes[field].before), after: shown(field, event.changes[field].after)! })),
    }))
    .filter((edit) => edit.created || edit.changes.length > 0);
  return [...shownUpdates, ...edits].sort((a, b) => b.at.getTime() - a.at.getTime() || (a.kind === b.kind ? 0 : a.kind === 'update' ? -1 : 1));
}

/** The ids of people a history names: authors of edits and owners before and after. */
export function peopleIn(events: PlanAuditEvent[]): string[] {
  const ids = new Set<string>();
  for (const event of events) {
    if (event.actorId) ids.add(event.actorId);
    const owner = event.changes.ownerId;
    for (const value of [owner?.before, owner?.after]) if (typeof value === 'string') ids.add(value);
  }
  return [...ids];
}
