import { CarryOverFindingInput, CarryOverPlanInput, rankPlans, suggestCarryOver } from './carry-over-suggestions';

const finding = (id: string, areaNumber: number, questionCode: string | null, overrides: Partial<CarryOverFindingInput> = {}): CarryOverFindingInput => ({
  id,
  areaNumber,
  questionCode,
  kind: 'weakness',
  position: 1,
  dismissed: false,
  ...overrides,
});

const plan = (id: string, overrides: Partial<CarryOverPlanInput> = {}): CarryOverPlanInput => ({
  id,
  title: id,
  dueDate: '2027-01-01',
  findings: [],
  targets: [],
  ...overrides,
});

const pairs = (suggestions: ReturnType<typeof suggestCarryOver>) => suggestions.map((s) => `${s.actionPlanId}→${s.findingId} (${s.match})`);

describe('suggestCarryOver', () => {
  const newFindings = [
    finding('f2.4', 2, '2.4', { position: 2 }),
    finding('f2-any', 2, null, { kind: 'improvement', position: 1 }),
    finding('f3.1', 3, '3.1'),
    finding('f2-strength', 2, '2.4', { kind: 'strength' }),
    finding('f2-dismissed', 2, '2.4', { dismissed: true, position: 3 }),
  ];

  it('puts the same sub-question (by target) before the same area, and leaves strengths and dismissed findings out', () => {
    const byTarget = plan('p', { findings: [{ id: 'old', areaNumber: 2, questionCode: null }], targets: [{ questionCode: '2.4' }] });
    expect(pairs(suggestCarryOver([byTarget], newFindings))).toEqual(['p→f2.4 (question)', 'p→f2-any (area)']);
  });

  it("matches the sub-question of the plan's old finding when it has no target", () => {
    const byFinding = plan('p', { findings: [{ id: 'old', areaNumber: 3, questionCode: '3.1' }] });
    expect(pairs(suggestCarryOver([byFinding], newFindings))).toEqual(['p→f3.1 (question)']);
  });

  it("counts a target's area as the plan's area", () => {
    const elsewhere = plan('p', { findings: [{ id: 'old', areaNumber: 1, questionCode: null }], targets: [{ questionCode: '3.2' }] });
    expect(pairs(suggestCarryOver([elsewhere], newFindings))).toEqual(['p→f3.1 (area)']);
  });

  it('never proposes a finding the plan already links to', () => {
    const carried = plan('p', { findings: [{ id: 'f2.4', areaNumber: 2, questionCode: '2.4' }] });
    expect(pairs(suggestCarryOver([carried], newFindings))).toEqual(['p→f2-any (area)']);
  });

  it('proposes nothing for a plan in areas without new findings', () => {
    expect(suggestCarryOver([plan('p', { findings: [{ id: 'old', areaNumber: 8, questionCode: '8.5' }] })], newFindings)).toEqual([]);
  });
});

describe('rankPlans', () => {
  it('orders plans with a sub-question match first, then area matches, then the rest, each by due date', () => {
    const plans = [
      plan('none', { dueDate: '2026-01-01' }),
      plan('area-late', { dueDate: '2027-05-01' }),
      plan('area-early', { dueDate: '2026-05-01' }),
      plan('question', { dueDate: '2028-01-01' }),
    ];
    const ranked = rankPlans(plans, [
      { actionPlanId: 'area-late', findingId: 'x', match: 'area' },
      { actionPlanId: 'area-early', findingId: 'x', match: 'area' },
      { actionPlanId: 'question', findingId: 'y', match: 'area' },
      { actionPlanId: 'question', findingId: 'x', match: 'question' },
    ]);
    expect(ranked.map((entry) => entry.id)).toEqual(['question', 'area-early', 'area-late', 'none']);
  });
});
