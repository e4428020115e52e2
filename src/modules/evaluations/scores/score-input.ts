import { fieldPath } from '../../../common/http/field-path';
import type { ErrorDetail } from '../../../common/errors/domain-error';
import type { LoadedFramework, LoadedQuestion } from '../frameworks/frameworks.service';

export interface ValidScore {
  question: LoadedQuestion & { areaNumber: number };
  achievedPoints: number;
}

/**
 * Checks every row of a scores body against the evaluation's framework and names each bad row,
 * so the caller can fix them all at once; any bad row means nothing is saved.
 */
export function validateScoreRows(body: unknown, framework: LoadedFramework): { scores: ValidScore[]; errors: ErrorDetail[] } {
  if (!Array.isArray(body) || body.length === 0) {
    return { scores: [], errors: [{ field: 'body', message: 'the body must be a non-empty array of { questionCode, achievedPoints }' }] };
  }
  const errors: ErrorDetail[] = [];
  const scores: ValidScore[] = [];
  const seen = new Set<string>();
  body.forEach((row: unknown, index) => {
    const at = fieldPath('', index);
    if (typeof row !== 'object' || row === null || Array.isArray(row)) {
      errors.push({ field: at, row: index, message: `${at} must be an object { questionCode, achievedPoints }` });
      return;
    }
    const { questionCode, achievedPoints, ...unknown } = row as Record<string, unknown>;
    const extra = Object.keys(unknown);
    if (extra.length > 0) {
      errors.push({ field: fieldPath(at, extra[0]), row: index, message: `${at}: unknown field ${extra.join(', ')}` });
      return;
    }
    const question = typeof questionCode === 'string' ? framework.questionsByCode.get(questionCode) : undefined;
    if (!question) {
      errors.push({
        field: fieldPath(at, 'questionCode'),
        row: index,
        message: `${at}.questionCode ${JSON.stringify(questionCode)} is not a question of ${framework.name}`,
      });
      return;
    }
    if (seen.has(question.code)) {
      errors.push({ field: fieldPath(at, 'questionCode'), row: index, message: `${at}.questionCode ${question.code} appears more than once` });
      return;
    }
    seen.add(question.code);
    const points = achievedPoints;
    if (typeof points !== 'number' || !Number.isFinite(points) || points < 0 || points > question.maxPoints) {
      errors.push({
        field: fieldPath(at, 'achievedPoints'),
        row: index,
        message: `${at}.achievedPoints for ${question.code} must be a number from 0 to ${question.maxPoints}`,
      });
      return;
    }
    if (Math.round(points * 100) !== points * 100) {
      errors.push({ field: fieldPath(at, 'achievedPoints'), row: index, message: `${at}.achievedPoints may have at most two decimals` });
      return;
    }
    scores.push({ question, achievedPoints: points });
  });
  return { scores, errors };
}
