import { StatementCounter } from '../utils/statement-counter';
import { createTestApp, TestApp } from '../utils/test-app';
import { as, buildFollowUpFixture, FollowUpFixture } from './follow-up-fixture';

interface QuestionRow {
  code: string;
  before: number | null;
  after: number | null;
  delta: number | null;
  projected: number | null;
  completedExpectedPoints: number;
  flags: string[];
  actionPlans: { id: string; status: string; matchedBy: string; expectedPoints: number | null }[];
}
interface AreaRow {
  number: number;
  before: number | null;
  after: number | null;
  delta: number | null;
  projected: number | null;
  flags: string[];
  questions: QuestionRow[];
  actionPlans: { id: string; questionCodes: string[] }[];
}

describe('the comparison of a follow-up evaluation with the one it follows up', () => {
  let t: TestApp;
  const statements = new StatementCounter();
  let f: FollowUpFixture;
  let comparison: { areas: AreaRow[]; total: Record<string, number>; flagged: Record<string, number>; evaluation: { id: string }; previousEvaluation: { id: string } };
  const question = (code: string) => comparison.areas.flatMap((area) => area.questions).find((row) => row.code === code)!;
  const area = (number: number) => comparison.areas.find((row) => row.number === number)!;

  beforeAll(async () => {
    t = await createTestApp(statements.env, statements.logStream);
    f = await buildFollowUpFixture(t);
    comparison = (await t.http.get(`/api/evaluations/${f.after}/comparison`).set(as(t, f.viewer)).expect(200)).body;
  });

  afterAll(() => t.close());

  it('names both evaluations', () => {
    expect(comparison.evaluation.id).toBe(f.after);
    expect(comparison.previousEvaluation.id).toBe(f.before);
  });

  it('gives before, after and delta per sub-question (hand-computed in the fixture)', () => {
    const rows = ['1.1', '1.2', '1.3', '1.4', '1.5', '2.1', '2.2', '2.3', '2.4', '2.5', '2.6'].map((code) => {
      const row = question(code);
      return [code, row.before, row.after, row.delta];
    });
    expect(rows).toEqual([
      ['1.1', 5, 8, 3],
      ['1.2', 10, 10, 0],
      ['1.3', 6, 4, -2],
      ['1.4', 20, 20, 0],
      ['1.5', 3, 3, 0],
      ['2.1', 3, 7, 4],
      ['2.2', 12, 12, 0],
      ['2.3', 6, 9, 3],
      ['2.4', 6, 6, 0],
      ['2.5', 7, 7, 0],
      ['2.6', 5, 5, 0],
    ]);
    expect(question('3.1')).toMatchObject({ before: null, after: null, delta: null, projected: null, flags: [] });
  });

  it('gives before, after and delta per area and in total', () => {
    expect([area(1), area(2), area(3)].map((row) => [row.before, row.after, row.delta])).toEqual([
      [44, 45, 1],
      [39, 46, 7],
      [null, null, null],
    ]);
    // Area 3 has no scores on either side: the totals are areas 1 and 2.
    expect(comparison.total).toEqual({ maxPoints: 800, before: 83, after: 91, delta: 8, projected: 97, areasCompared: 2 });
  });

  it('projects the previous score plus the expected points of completed plans, capped at the maximum', () => {
    // 1.1: 5 + 4 (P1; P3 is still in progress) = 9. 1.2: 10 + 15 (P2) = 25, capped at 20.
    // 2.1: P5 is cancelled, so 3. 2.3: P4 has no target, so 6.
    expect(['1.1', '1.2', '1.3', '2.1', '2.3'].map((code) => [code, question(code).completedExpectedPoints, question(code).projected])).toEqual([
      ['1.1', 4, 9],
      ['1.2', 15, 20],
      ['1.3', 0, 6],
      ['2.1', 0, 3],
      ['2.3', 0, 6],
    ]);
    // Area 1: 44 + 4 + 10 = 58; area 2: 39; in all 97.
    expect([area(1).projected, area(2).projected, area(3).projected]).toEqual([58, 39, null]);
  });

  it('lists the plans behind each sub-question: by target, by the finding’s sub-question, or by its area', () => {
    const plans = (code: string) => question(code).actionPlans.map((plan) => [plan.id, plan.status, plan.matchedBy, plan.expectedPoints]);
    expect(plans('1.1')).toEqual(
      expect.arrayContaining([
        [f.plans.P1, 'completed', 'target', 4],
        [f.plans.P3, 'in_progress', 'target', 2],
        [f.plans.P6, 'completed', 'area', null],
      ]),
    );
    expect(plans('1.1')).toHaveLength(3);
    expect(plans('1.2')).toEqual(expect.arrayContaining([[f.plans.P2, 'completed', 'target', 15], [f.plans.P6, 'completed', 'area', null]]));
    expect(plans('2.1')).toEqual([[f.plans.P5, 'cancelled', 'target', 5]]);
    expect(plans('2.3')).toEqual([[f.plans.P4, 'in_progress', 'finding', null]]);
    expect(plans('2.2')).toEqual([]);
    const areaPlans = Object.fromEntries(area(1).actionPlans.map((plan) => [plan.id, plan.questionCodes]));
    expect(areaPlans).toEqual({
      [f.plans.P1]: ['1.1'],
      [f.plans.P2]: ['1.2'],
      [f.plans.P3]: ['1.1'],
      [f.plans.P6]: ['1.1', '1.2', '1.3', '1.4', '1.5'],
    });
  });

  it('flags a rise with no action, completed actions with no change, and a decline, each where the fixture makes it happen', () => {
    const flags = Object.fromEntries(comparison.areas.flatMap((row) => row.questions).filter((row) => row.flags.length > 0).map((row) => [row.code, row.flags]));
    expect(flags).toEqual({
      // Everything behind 1.2, 1.4 and 1.5 (P2, P6) is completed, yet they did not move.
      '1.2': ['completed_no_change'],
      '1.4': ['completed_no_change'],
      '1.5': ['completed_no_change'],
      '1.3': ['declined'],
      // Only a cancelled plan (P5) stood behind 2.1.
      '2.1': ['rose_with_no_action'],
    });
    expect(comparison.flagged).toEqual({ rose_with_no_action: 1, completed_no_change: 3, declined: 1 });
    expect([area(1).flags, area(2).flags]).toEqual([[], []]);
  });

  it('answers 409 FOLLOW_UP.NO_PREVIOUS_EVALUATION for an evaluation that follows up none', async () => {
    const response = await t.http.get(`/api/evaluations/${f.before}/comparison`).set(as(t, f.viewer)).expect(409);
    expect(response.body).toMatchObject({ statusCode: 409, code: 'FOLLOW_UP.NO_PREVIOUS_EVALUATION', message: expect.stringContaining('previousEvaluationId') });
  });

  it('answers 400 for a malformed id and 404 for an unknown one', async () => {
    await t.http.get('/api/evaluations/not-a-uuid/comparison').set(as(t, f.viewer)).expect(400);
    await t.http.get('/api/evaluations/7a3f0f55-6a0b-4c57-9a53-1d1c1a1c1a1c/comparison').set(as(t, f.viewer)).expect(404);
  });

  it('runs the same number of queries however many plans there are', async () => {
    const count = async () => {
      const requestId = statements.nextId('comparison');
      await t.http.get(`/api/evaluations/${f.after}/comparison`).set(as(t, f.viewer)).set('X-Request-Id', requestId).expect(200);
      return statements.of(requestId);
    };
    const small = await count();
    for (let index = 0; index < 4; index++) {
      await t.http
        .post('/api/action-plans')
        .set(as(t, f.manager))
        .send({ title: `Extra ${index}`, ownerId: f.owner.id, dueDate: '2019-01-01', findingIds: [f.findings.B], targets: [{ questionCode: '1.3', expectedPoints: 1 }] })
        .expect(201);
    }
    const large = await count();
    expect(large).toBe(small);
    expect(large).toBeLessThanOrEqual(16);
  });
});
