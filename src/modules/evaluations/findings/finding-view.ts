import type { FindingKind } from './finding-kinds';

/** A decision to take no action on a finding. */
export interface FindingDismissal {
  reason: string;
  byId: string | null;
  at: Date | null;
}

/** A finding as every answer shows it: one shape, wherever it appears. */
export interface FindingView {
  id: string;
  evaluationId: string;
  areaNumber: number;
  kind: FindingKind;
  text: string;
  /** Order within its area and kind, as in the report. */
  position: number;
  questionCode: string | null;
  dismissal: FindingDismissal | null;
}

/** The stored columns a view is made from: the dismissal is three columns. */
export type FindingRow = Omit<FindingView, 'dismissal'> & {
  dismissedReason: string | null;
  dismissedById: string | null;
  dismissedAt: Date | null;
};

export function toFindingView(row: FindingRow): FindingView {
  return {
    id: row.id,
    evaluationId: row.evaluationId,
    areaNumber: row.areaNumber,
    kind: row.kind,
    text: row.text,
    position: row.position,
    questionCode: row.questionCode,
    dismissal: row.dismissedReason === null ? null : { reason: row.dismissedReason, byId: row.dismissedById, at: row.dismissedAt },
  };
}
