import type { ImportWarning } from '../report-import/parsed-report';
import type { LoadedFramework } from '../frameworks/frameworks.service';
import type { Evaluation } from './evaluation.entity';
import type { FindingKind } from '../findings/finding.entity';
import { toFindingView } from '../findings/finding-view';
import { toReferenceView } from '../references/reference-view';
import type { ReferenceRow, ReferenceView } from '../references/reference-view';
import type { FindingRow, FindingView } from '../findings/finding-view';

export type { FindingView } from '../findings/finding-view';

export interface ScoreRow {
  questionId: string;
  achievedPoints: number;
  reportedPercent: number | null;
}


export interface QuestionScoreView {
  code: string;
  text: string;
  maxPoints: number;
  achievedPoints: number | null;
  /** The printed percent when the report gave one, else achieved / max, rounded. */
  percent: number | null;
  reportedPercent: number | null;
}

export interface AreaReportView {
  number: number;
  title: string;
  topics: string[];
  questions: QuestionScoreView[];
  /** The printed area total when the report gave one, else the sum of the rows. */
  achievedPoints: number | null;
  summedPoints: number | null;
  reportedTotal: number | null;
  maxPoints: number;
  percent: number | null;
  findings: Record<FindingKind, FindingView[]>;
  references: ReferenceView[];
}

export interface EvaluationReportView {
  id: string;
  title: string;
  conductedOn: string;
  status: Evaluation['status'];
  source: Evaluation['source'];
  previousEvaluationId: string | null;
  publishedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  framework: { key: string; name: string };
  areas: AreaReportView[];
  total: { achievedPoints: number; maxPoints: number; percent: number; complete: boolean };
  warnings: ImportWarning[];
}

/**
 * Points as a whole percent of the maximum, a half rounded up: 452 of 800 is 57 %. Worked in
 * hundredths of a point, so the half stays a half (`452 / 800 * 100` in floating point is 56.4999…).
 */
export function percentOf(achieved: number, max: number): number {
  const maxHundredths = Math.round(max * 100);
  return maxHundredths > 0 ? Math.round((Math.round(achieved * 100) * 100) / maxHundredths) : 0;
}
/** Points are kept with two decimals; sums of them are rounded back so 0.1 + 0.2 compares as 0.3. */
export const roundPoints = (value: number) => Math.round(value * 100) / 100;

/**
 * Everything a report page shows, derived from the stored rows. What the report printed wins
 * (§2: percent = reportedPercent, area total = reportedTotal); everything else is computed, and
 * the total of all areas is the sum of the area totals.
 */
export function buildEvaluationReport(
  evaluation: Evaluation,
  framework: LoadedFramework,
  scores: ScoreRow[],
  findings: FindingRow[],
  references: ReferenceRow[],
): EvaluationReportView {
  const scoreByQuestion = new Map(scores.map((score) => [score.questionId, score]));
  const orderedFindings = [...findings].sort((a, b) => a.position - b.position);

  const areas = framework.areas.map((area): AreaReportView => {
    const questions = area.questions.map((question): QuestionScoreView => {
      const score = scoreByQuestion.get(question.id);
      return {
        code: question.code,
        text: question.text,
        maxPoints: question.maxPoints,
        achievedPoints: score?.achievedPoints ?? null,
        reportedPercent: score?.reportedPercent ?? null,
        percent: score ? (score.reportedPercent ?? percentOf(score.achievedPoints, question.maxPoints)) : null,
      };
    });
    const scored = questions.filter((question) => question.achievedPoints !== null);
    const summedPoints = scored.length > 0 ? roundPoints(scored.reduce((sum, question) => sum + question.achievedPoints!, 0)) : null;
    const reportedTotal = evaluation.reportedAreaTotals[String(area.number)] ?? null;
    const maxPoints = questions.reduce((sum, question) => sum + question.maxPoints, 0);
    const achievedPoints = reportedTotal ?? summedPoints;
    const inArea = orderedFindings.filter((finding) => finding.areaNumber === area.number);
    return {
      number: area.number,
      title: area.title,
      topics: area.topics,
      questions,
      achievedPoints,
      summedPoints,
      reportedTotal,
      maxPoints,
      percent: achievedPoints === null ? null : percentOf(achievedPoints, maxPoints),
      findings: {
        strength: inArea.filter((finding) => finding.kind === 'strength').map(toFindingView),
        improvement: inArea.filter((finding) => finding.kind === 'improvement').map(toFindingView),
        weakness: inArea.filter((finding) => finding.kind === 'weakness').map(toFindingView),
      },
      references: references
        .filter((reference) => reference.areaNumber === area.number)
        .map(toReferenceView),
    };
  });

  const achievedPoints = roundPoints(areas.reduce((sum, area) => sum + (area.achievedPoints ?? 0), 0));
  return {
    id: evaluation.id,
    title: evaluation.title,
    conductedOn: evaluation.conductedOn,
    status: evaluation.status,
    source: evaluation.source,
    previousEvaluationId: evaluation.previousEvaluationId,
    publishedAt: evaluation.publishedAt,
    createdAt: evaluation.createdAt,
    updatedAt: evaluation.updatedAt,
    framework: { key: framework.key, name: framework.name },
    areas,
    total: {
      achievedPoints,
      maxPoints: framework.totalMaxPoints,
      percent: percentOf(achievedPoints, framework.totalMaxPoints),
      complete: scores.length === framework.questionsByCode.size,
    },
    warnings: evaluation.importWarnings,
  };
}
