export const EVALUATION_STATUSES = ['draft', 'published'] as const;
export type EvaluationStatus = (typeof EVALUATION_STATUSES)[number];
export const EVALUATION_SOURCES = ['manual', 'import'] as const;
export type EvaluationSource = (typeof EVALUATION_SOURCES)[number];
