import type { ActionPlanView } from '../../action-plans/plans/action-plan.dto';
import type { EvaluationReportView, FindingView } from '../../evaluations/evaluations/evaluation-report';
import { buildDossier, FollowUpDossier } from './dossier';

// Data for the unit specs of the dossier and its page: one area, every kind of finding.

const finding = (id: string, kind: FindingView['kind'], text: string, position: number, dismissal: FindingView['dismissal'] = null): FindingView => ({
  id,
  evaluationId: 'e2014',
  areaNumber: 2,
  kind,
  text,
  position,
  questionCode: null,
  dismissal,
});

export const DOSSIER_FINDINGS = {
  strength: finding('s1', 'strength', 'Bra bemötande i kundtjänst', 1),
  covered: finding('i1', 'improvement', 'Utveckling av e-tjänster', 1),
  alsoCovered: finding('i2', 'improvement', 'Öka möjlighet till valfrihet', 2),
  cancelledOnly: finding('w1', 'weakness', 'Servicecenter eller liknande saknas', 1),
  dismissed: finding('w2', 'weakness', 'Endast en servicedeklaration', 2, { reason: 'Ersätts av <nya> löften', byId: 'u-manager', at: new Date('2016-03-01T09:00:00Z') }),
  dismissedAndCovered: finding('w3', 'weakness', 'Inga jämförelser mellan enheter', 3, { reason: 'Ingår i annan satsning', byId: null, at: null }),
};

export function dossierReport(): EvaluationReportView {
  const f = DOSSIER_FINDINGS;
  return {
    id: 'e2014',
    title: 'KommunKompassen Avesta 2014',
    conductedOn: '2014-12-01',
    status: 'published',
    source: 'import',
    previousEvaluationId: null,
    publishedAt: null,
    createdAt: new Date(0),
    updatedAt: new Date(0),
    framework: { key: 'kommunkompassen-2010', name: 'KommunKompassen 2010' },
    areas: [
      {
        number: 2,
        title: 'Tillgänglighet och brukarorientering',
        topics: [],
        questions: [
          { code: '2.1', text: 'Strategi', maxPoints: 15, achievedPoints: 5, percent: 30, reportedPercent: 30 },
          { code: '2.2', text: 'Bemötande', maxPoints: 25, achievedPoints: null, percent: null, reportedPercent: null },
        ],
        achievedPoints: 5,
        summedPoints: 5,
        reportedTotal: null,
        maxPoints: 40,
        percent: 13,
        findings: { strength: [f.strength], improvement: [f.covered, f.alsoCovered], weakness: [f.cancelledOnly, f.dismissed, f.dismissedAndCovered] },
        references: [],
      },
    ],
    total: { achievedPoints: 5, maxPoints: 40, percent: 13, complete: false },
    warnings: [],
  };
}

export function dossierPlan(id: string, findingIds: string[], overrides: Partial<ActionPlanView> = {}): ActionPlanView {
  return {
    id,
    title: `Plan ${id}`,
    description: null,
    owner: { id: 'u-owner', name: 'Lena Holm' },
    unit: 'Vård och omsorg',
    startDate: '2015-02-01',
    dueDate: '2016-06-30',
    status: 'in_progress',
    health: 'on_track',
    progress: 40,
    cancellation: null,
    priority: 'medium',
    expectedEffect: null,
    completedAt: null,
    lastUpdateAt: null,
    latestComment: null,
    effect: null,
    effectComment: null,
    effectSetBy: null,
    effectSetAt: null,
    overdue: false,
    dueSoon: false,
    stale: false,
    findings: findingIds.map((findingId) => ({ id: findingId, evaluationId: 'e2014', areaNumber: 2, kind: 'improvement', text: '', questionCode: null })),
    targets: [],
    version: 1,
    createdAt: new Date(0),
    updatedAt: new Date(0),
    ...overrides,
  };
}

/** Two findings share one plan; one has only a cancelled plan; one is dismissed and also has a plan. */
export function sampleDossier(): FollowUpDossier {
  const f = DOSSIER_FINDINGS;
  return buildDossier({
    municipality: { name: 'Avesta kommun' },
    report: dossierReport(),
    plans: [
      dossierPlan('shared', [f.covered.id, f.alsoCovered.id], { status: 'completed', progress: 100, completedAt: new Date('2016-05-01T10:00:00Z'), latestComment: 'Klart & levererat' }),
      dossierPlan('late', [f.covered.id], { overdue: true, health: 'off_track', latestComment: 'Budget saknas' }),
      dossierPlan('cancelled', [f.cancelledOnly.id], { status: 'cancelled', health: null }),
      dossierPlan('also', [f.dismissedAndCovered.id], { status: 'planned', health: null }),
    ],
    names: new Map([['u-manager', 'Mats Berglund']]),
    generatedAt: new Date('2018-10-01T08:00:00Z'),
  });
}
