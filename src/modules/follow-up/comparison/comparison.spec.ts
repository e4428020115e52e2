import type { EvaluationReportView } from '../../evaluations/evaluations/evaluation-report';
import { projectedScore } from '../../action-plans/plans/projected-score';
import { buildComparison, ComparedPlanInput, comparisonFlags, questionsBehindPlan } from './comparison';

type Rows = Record<string, [achieved: number | null, max: number]>;

/** A report with the given sub-questions (code → [achieved, max]); `reported` sets an area's printed total. */
function report(id: string, rows: Rows, reported: Record<number, number> = {}): EvaluationReportView {
  const byArea = new Map<number, [string, number | null, number][]>();
  for (const [code, [achieved, max]] of Object.entries(rows)) {
    const area = Number(code.split('.')[0]);
    byArea.set(area, [...(byArea.get(area) ?? []), [code, achieved, max]]);
  }
  const areas = [...byArea.entries()].map(([number, questions]) => {
    const scored = questions.filter(([, achieved]) => achieved !== null);
    const summed = scored.length ? scored.reduce((sum, [, achieved]) => sum + achieved!, 0) : null;
    const achievedPoints = reported[number] ?? summed;
    const maxPoints = questions.reduce((sum, [, , max]) => sum + max, 0);
    return {
      number,
      title: `Område ${number}`,
      topics: [],
      questions: questions.map(([code, achieved, max]) => ({ code, text: `Fråga ${code}`, maxPoints: max, achievedPoints: achieved, percent: null, reportedPercent: null })),
      achievedPoints,
      summedPoints: summed,
      reportedTotal: reported[number] ?? null,
      maxPoints,
      percent: null,
      findings: { strength: [], improvement: [], weakness: [] },
      references: [],
    };
  });
  const total = areas.reduce((sum, area) => sum + (area.achievedPoints ?? 0), 0);
  return {
    id,
    title: id,
    conductedOn: '2018-11-01',
    status: 'published',
    source: 'manual',
    previousEvaluationId: null,
    publishedAt: null,
    createdAt: new Date(0),
    updatedAt: new Date(0),
    framework: { key: 'kommunkompassen-2010', name: 'KommunKompassen 2010' },
    areas,
    total: { achievedPoints: total, maxPoints: areas.reduce((sum, area) => sum + area.maxPoints, 0), percent: 0, complete: Object.values(rows).every(([achieved]) => achieved !== null) },
    warnings: [],
  };
}

let planCount = 0;
function plan(overrides: Partial<ComparedPlanInput> & { findingIn?: { areaNumber: number; questionCode?: string | null; evaluationId?: string } }): ComparedPlanInput {
  planCount += 1;
  const { findingIn = { areaNumber: 1 }, ...rest } = overrides;
  return {
    id: `plan-${planCount}`,
    title: `Plan ${planCount}`,
    owner: { id: 'owner', name: 'Olle' },
    status: 'completed',
    health: 'on_track',
    progress: 100,
    dueDate: '2017-06-30',
    completedAt: null,
    effect: null,
    effectSetBy: null,
    findings: [
      { id: `finding-${planCount}`, evaluationId: findingIn.evaluationId ?? 'before', areaNumber: findingIn.areaNumber, kind: 'weakness', text: 'x', questionCode: findingIn.questionCode ?? null },
    ],
    targets: [],
    ...rest,
  };
}

describe('comparisonFlags', () => {
  it('flags a rise when no plan behind it was worked on', () => {
    expect(comparisonFlags(2, [])).toEqual(['rose_with_no_action']);
    expect(comparisonFlags(2, [{ status: 'planned' }, { status: 'cancelled' }])).toEqual(['rose_with_no_action']);
    expect(comparisonFlags(2, [{ status: 'in_progress' }])).toEqual([]);
    expect(comparisonFlags(2, [{ status: 'completed' }])).toEqual([]);
  });

  it('flags no change when every plan behind it (cancelled ones aside) was completed', () => {
    expect(comparisonFlags(0, [{ status: 'completed' }, { status: 'cancelled' }])).toEqual(['completed_no_change']);
    expect(comparisonFlags(0, [{ status: 'completed' }, { status: 'in_progress' }])).toEqual([]);
    expect(comparisonFlags(0, [])).toEqual([]);
  });

  it('flags a decline whatever the plans', () => {
    expect(comparisonFlags(-1, [{ status: 'completed' }])).toEqual(['declined']);
    expect(comparisonFlags(-0.5, [])).toEqual(['declined']);
  });

  it('says nothing without a score on both sides', () => {
    expect(comparisonFlags(null, [])).toEqual([]);
  });
});

describe('projectedScore', () => {
  it('adds the expected gain and caps it at the maximum', () => {
    expect(projectedScore(5, 3, 15)).toBe(8);
    expect(projectedScore(13, 4, 15)).toBe(15);
    expect(projectedScore(5, 0, 15)).toBe(5);
    expect(projectedScore(null, 3, 15)).toBeNull();
  });
});

describe('questionsBehindPlan', () => {
  const codes = new Map([
    [1, ['1.1', '1.2']],
    [2, ['2.1', '2.2']],
  ]);

  it('uses the targets when there are any, with their expected points', () => {
    const behind = questionsBehindPlan(plan({ targets: [{ questionCode: '2.2', expectedPoints: 3 }], findingIn: { areaNumber: 1 } }), 'before', codes);
    expect([...behind]).toEqual([['2.2', { matchedBy: 'target', expectedPoints: 3 }]]);
  });

  it("uses the finding's sub-question, else its whole area, when there is no target", () => {
    expect([...questionsBehindPlan(plan({ findingIn: { areaNumber: 2, questionCode: '2.1' } }), 'before', codes).keys()]).toEqual(['2.1']);
    const byArea = questionsBehindPlan(plan({ findingIn: { areaNumber: 1 } }), 'before', codes);
    expect([...byArea]).toEqual([
      ['1.1', { matchedBy: 'area', expectedPoints: null }],
      ['1.2', { matchedBy: 'area', expectedPoints: null }],
    ]);
  });

  it("ignores the plan's findings in other evaluations", () => {
    expect(questionsBehindPlan(plan({ findingIn: { areaNumber: 1, evaluationId: 'after' } }), 'before', codes).size).toBe(0);
  });
});

describe('buildComparison', () => {
  // Area 1: 1.1 5→8 (+3), 1.2 10→10 (0), 1.3 6→4 (−2); area total 21→22 (+1).
  // Area 2: 2.1 3→7 (+4), 2.2 9→9 (0); the earlier report printed 13 for area 2 (its rows add up to 12): 13→16 (+3).
  const before = report('before', { '1.1': [5, 15], '1.2': [10, 20], '1.3': [6, 10], '2.1': [3, 10], '2.2': [9, 10] }, { 2: 13 });
  const after = report('after', { '1.1': [8, 15], '1.2': [10, 20], '1.3': [4, 10], '2.1': [7, 10], '2.2': [9, 10] });
  const completedOn11 = plan({ status: 'completed', targets: [{ questionCode: '1.1', expectedPoints: 4 }] });
  const completedOn12 = plan({ status: 'completed', targets: [{ questionCode: '1.2', expectedPoints: 15 }] });
  const openOn11 = plan({ status: 'in_progress', targets: [{ questionCode: '1.1', expectedPoints: 2 }] });
  const cancelledOn21 = plan({ status: 'cancelled', targets: [{ questionCode: '2.1', expectedPoints: 5 }] });
  const comparison = buildComparison(before, after, [completedOn11, completedOn12, openOn11, cancelledOn21]);
  const question = (code: string) => comparison.areas.flatMap((area) => area.questions).find((candidate) => candidate.code === code)!;

  it('gives before, after and delta per sub-question', () => {
    expect(['1.1', '1.2', '1.3', '2.1', '2.2'].map((code) => [question(code).before, question(code).after, question(code).delta])).toEqual([
      [5, 8, 3],
      [10, 10, 0],
      [6, 4, -2],
      [3, 7, 4],
      [9, 9, 0],
    ]);
  });

  it('compares an area only once every sub-question has a score, and totals the areas compared: a draft half entered is no fall', () => {
    // 1.3 not entered yet in the draft: its row says nothing and area 1 waits; area 2 is whole and compared.
    const draft = report('after', { '1.1': [8, 15], '1.2': [10, 20], '1.3': [null, 10], '2.1': [7, 10], '2.2': [9, 10] });
    const partial = buildComparison(before, draft, [completedOn11]);
    expect(partial.areas.map((area) => [area.before, area.after, area.delta, area.flags])).toEqual([
      [21, null, null, []],
      [13, 16, 3, ['rose_with_no_action']],
    ]);
    // The totals are area 2's alone, the one area whole on both sides.
    expect(partial.total).toMatchObject({ before: 13, after: 16, delta: 3, areasCompared: 1 });
    expect(partial.areas[0].questions.map((row) => row.delta)).toEqual([3, 0, null]);
  });

  it("gives before, after and delta per area, the printed total counting as the area's points", () => {
    expect(comparison.areas.map((area) => [area.before, area.after, area.delta])).toEqual([
      [21, 22, 1],
      [13, 16, 3],
    ]);
    expect(comparison.total).toMatchObject({ before: 34, after: 38, delta: 4, maxPoints: 65, areasCompared: 2 });
  });

  it('projects completed plans only, capped at the maximum, and adds the capped gains up per area and in total', () => {
    // 1.1: 5 + 4 (the completed plan; the open one does not count) = 9; 1.2: 10 + 15 capped at 20.
    expect([question('1.1').projected, question('1.2').projected, question('1.3').projected]).toEqual([9, 20, 6]);
    expect(question('1.2').completedExpectedPoints).toBe(15);
    // Area 1: 21 + 4 + 10 = 35; area 2: the cancelled plan gains nothing, 13.
    expect(comparison.areas.map((area) => area.projected)).toEqual([35, 13]);
    expect(comparison.total.projected).toBe(48);
  });

  it('flags each case, and counts the flags', () => {
    expect(question('1.1').flags).toEqual([]);
    expect(question('1.2').flags).toEqual(['completed_no_change']);
    expect(question('1.3').flags).toEqual(['declined']);
    expect(question('2.1').flags).toEqual(['rose_with_no_action']);
    expect(question('2.2').flags).toEqual([]);
    expect(comparison.flagged).toEqual({ rose_with_no_action: 1, completed_no_change: 1, declined: 1 });
  });

  it('lists the plans behind each sub-question and area, with their state', () => {
    expect(question('1.1').actionPlans.map((entry) => [entry.id, entry.status, entry.matchedBy, entry.expectedPoints])).toEqual([
      [completedOn11.id, 'completed', 'target', 4],
      [openOn11.id, 'in_progress', 'target', 2],
    ]);
    expect(comparison.areas[0].actionPlans.map((entry) => [entry.id, entry.questionCodes])).toEqual([
      [completedOn11.id, ['1.1']],
      [completedOn12.id, ['1.2']],
      [openOn11.id, ['1.1']],
    ]);
  });
});
