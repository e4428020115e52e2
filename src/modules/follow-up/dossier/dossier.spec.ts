import { DOSSIER_FINDINGS as F, sampleDossier } from './dossier.fixtures';

describe('buildDossier', () => {
  const dossier = sampleDossier();
  const area = dossier.areas[0];
  const finding = (id: string) => area.findings.find((candidate) => candidate.id === id)!;

  it('lists every finding with its kind, in report order', () => {
    expect(area.findings.map((entry) => [entry.kind, entry.id])).toEqual([
      ['strength', 's1'],
      ['improvement', 'i1'],
      ['improvement', 'i2'],
      ['weakness', 'w1'],
      ['weakness', 'w2'],
      ['weakness', 'w3'],
    ]);
  });

  it('says whether each improvement and weakness is covered, dismissed or uncovered (a cancelled plan covers nothing; a dismissal wins)', () => {
    expect(area.findings.map((entry) => [entry.id, entry.coverage])).toEqual([
      ['s1', null],
      ['i1', 'covered'],
      ['i2', 'covered'],
      ['w1', 'uncovered'],
      ['w2', 'dismissed'],
      ['w3', 'dismissed'],
    ]);
  });

  it('gives each finding its plans, a plan answering two findings under both', () => {
    expect(finding(F.covered.id).actionPlans.map((plan) => plan.id)).toEqual(['shared', 'late']);
    expect(finding(F.alsoCovered.id).actionPlans.map((plan) => plan.id)).toEqual(['shared']);
    expect(finding(F.covered.id).actionPlans[1]).toMatchObject({ owner: { name: 'Lena Holm' }, status: 'in_progress', health: 'off_track', overdue: true, latestComment: 'Budget saknas' });
  });

  it('counts distinct plans and findings so the totals add up', () => {
    expect(dossier.summary).toEqual({
      actions: { total: 4, done: 1, open: 2, overdue: 1, cancelled: 1 },
      findings: { total: 5, covered: 2, dismissed: 2, uncovered: 1 },
    });
    expect(area.summary).toEqual(dossier.summary);
  });

  it('lists what was never covered and what was dismissed, with the reason and who decided', () => {
    expect(dossier.uncovered).toEqual([{ id: 'w1', areaNumber: 2, kind: 'weakness', text: F.cancelledOnly.text, questionCode: null }]);
    expect(dossier.dismissed.map((entry) => [entry.id, entry.reason, entry.by])).toEqual([
      ['w2', 'Ersätts av <nya> löften', { id: 'u-manager', name: 'Mats Berglund' }],
      ['w3', 'Ingår i annan satsning', null],
    ]);
  });

  it('keeps the scores per area and sub-question', () => {
    expect(area).toMatchObject({ achievedPoints: 5, maxPoints: 40, percent: 13 });
    expect(area.questions.map((question) => [question.code, question.achievedPoints])).toEqual([
      ['2.1', 5],
      ['2.2', null],
    ]);
  });
});
