/** The three kinds of finding an evaluation lists per area, in the report's order. */
export const FINDING_KINDS = ['strength', 'improvement', 'weakness'] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];
/** The kinds that call for action (strengths do not). */
export const ACTIONABLE_FINDING_KINDS: FindingKind[] = ['improvement', 'weakness'];
