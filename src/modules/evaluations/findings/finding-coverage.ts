import type { FindingKind } from './finding-kinds';

/** Where an improvement opportunity or weakness stands: answered by a plan, decided against, or neither. */
export const COVERAGES = ['covered', 'dismissed', 'uncovered'] as const;
export type Coverage = (typeof COVERAGES)[number];

/** What a coverage reader learns of each finding. */
export interface FindingToCover {
  id: string;
  kind: FindingKind;
  dismissed: boolean;
}

/** Where one finding stands and every plan linked to it (cancelled ones included). */
export interface FindingCoverageView {
  coverage: Coverage | null;
  actionPlanIds: string[];
}

/**
 * Answers where findings stand. Plans are another module's: the action-plans module, which
 * defines "covered", registers its reader with the finding list at start-up, so evaluations never
 * imports it. One call for all the findings of a page, in a bounded number of queries.
 */
export interface FindingCoverageReader {
  coverageOf(findings: FindingToCover[]): Promise<Map<string, FindingCoverageView>>;
}
