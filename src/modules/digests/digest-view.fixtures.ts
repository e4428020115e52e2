import { ownerDigestPlans, type OwnerDigestReason, type DigestArea, type DigestPlan, type LeadershipDigestView, type OwnerDigestView } from './digest-view';

/**
 * Sample digests of a fictional week in Avesta kommun (Thursday 26 November 2026, week 48), for
 * the template tests and for previewing the e-mails. Each call returns fresh objects, so a test
 * may change what it got. The figures agree with each other: the areas add up to the headline, but for the one active plan
 * whose findings lie in two areas (4 and 6), counted in each.
 */

const APP_URL = 'https://handlingsplan.avesta.example';

function samplePlan(id: number, fields: Omit<DigestPlan, 'id' | 'url' | 'cancellationReason' | 'checkInUrl'> & Partial<Pick<DigestPlan, 'cancellationReason'>>): DigestPlan {
  const uuid = `6f1c2a4e-3b7d-4c59-9e0a-${String(id).padStart(12, '0')}`;
  return { id: uuid, url: `${APP_URL}/action-plans/${uuid}`, cancellationReason: null, checkInUrl: null, ...fields };
}

/** An owner's plan carries the owner's check-in link (a sample token, not a valid one). */
function withCheckIn(plan: DigestPlan): DigestPlan {
  return { ...plan, checkInUrl: `${APP_URL}/check-in/${plan.id}?token=sample.check-in.token` };
}

/** The plans the samples list, by what happened to them this week. */
function samplePlans() {
  return {
    dialogueStrategy: samplePlan(1, {
      title: 'Ta fram en kommunövergripande strategi för medborgardialog',
      ownerName: 'Karin Ek',
      dueDate: '2026-11-01',
      status: 'in_progress',
      health: 'off_track',
      progress: 30,
      latestComment: 'Arbetsgruppen har inte kunnat träffas sedan september. Förslaget till fullmäktige skjuts till februari.',
    }),
    userSurvey: samplePlan(2, {
      title: 'Inför en årlig brukarundersökning inom äldreomsorgen',
      ownerName: 'Johan Lind',
      dueDate: '2026-11-20',
      status: 'in_progress',
      health: 'at_risk',
      progress: 55,
      latestComment: 'Upphandlingen av enkätverktyget är försenad; vi använder förra årets verktyg om den inte blir klar.',
    }),
    complaintsRoutine: samplePlan(3, {
      title: 'Gemensam rutin för synpunkter och klagomål',
      ownerName: 'Maria Berg',
      dueDate: '2026-12-15',
      status: 'in_progress',
      health: 'at_risk',
      progress: 60,
      latestComment: 'Två förvaltningar har ännu inte lämnat synpunkter på rutinen.',
    }),
    managerAssignments: samplePlan(4, {
      title: 'Skriftliga uppdrag med tydliga mål för alla chefer',
      ownerName: 'Anders Holm',
      dueDate: '2027-02-28',
      status: 'in_progress',
      health: 'off_track',
      progress: 20,
      latestComment: 'Mallen för chefsuppdrag är inte beslutad; HR-avdelningen saknar resurser i vinter.',
    }),
    publishResults: samplePlan(5, {
      title: 'Publicera verksamhetsresultat på kommunens webbplats',
      ownerName: 'Maria Berg',
      dueDate: '2026-11-30',
      status: 'completed',
      health: 'on_track',
      progress: 100,
      latestComment: 'Resultaten för 2025 ligger ute under Kommun och politik.',
    }),
    eServices: samplePlan(6, {
      title: 'Samla kommunens e-tjänster på en sida',
      ownerName: 'Johan Lind',
      dueDate: '2026-12-01',
      status: 'completed',
      health: 'on_track',
      progress: 100,
      latestComment: null,
    }),
    delegationRules: samplePlan(7, {
      title: 'Tydliggör delegationsordningen mellan nämnd och förvaltning',
      ownerName: 'Anders Holm',
      dueDate: '2027-03-31',
      status: 'planned',
      health: null,
      progress: 0,
      latestComment: null,
    }),
    leanWorkshops: samplePlan(8, {
      title: 'Inför verksamhetsnära förbättringsarbete i hemtjänsten',
      ownerName: 'Karin Ek',
      dueDate: '2027-01-31',
      status: 'in_progress',
      health: 'on_track',
      progress: 45,
      latestComment: 'Två av fyra grupper har haft sin första workshop.',
    }),
    staffSurvey: samplePlan(9, {
      title: 'Följ upp medarbetarenkäten på varje arbetsplats',
      ownerName: 'Karin Ek',
      dueDate: '2026-12-04',
      status: 'in_progress',
      health: 'on_track',
      progress: 80,
      latestComment: null,
    }),
    smsReminders: samplePlan(11, {
      title: 'Påminnelser per sms inför besök i hemtjänsten',
      ownerName: 'Johan Lind',
      dueDate: '2027-04-30',
      status: 'cancelled',
      health: null,
      progress: 20,
      latestComment: 'Leverantören lägger ner tjänsten; föreslår att vi avbryter och tar med det i e-tjänsteplattformen.',
      cancellationReason: 'Ingår i den nya e-tjänsteplattformen som upphandlas 2027.',
    }),
    introduction: samplePlan(10, {
      title: 'Ny introduktion för nyanställda chefer',
      ownerName: 'Anders Holm',
      dueDate: '2027-06-30',
      status: 'planned',
      health: null,
      progress: 0,
      latestComment: null,
    }),
  };
}

function area(
  number: number,
  title: string,
  score: number | null,
  projectedScore: number | null,
  findings: { needingAction: number; covered: number },
  health: DigestArea['health'],
): DigestArea {
  return {
    number,
    title,
    score,
    maxPoints: 100,
    projectedScore,
    findingsNeedingAction: findings.needingAction,
    covered: findings.covered,
    uncovered: findings.needingAction - findings.covered,
    health,
    openPlans: health.onTrack + health.atRisk + health.offTrack + health.none,
  };
}

/** The eight KommunKompassen areas of Avesta kommun after its latest evaluation. */
function sampleAreas(): DigestArea[] {
  return [
    area(1, 'Offentlighet och demokrati', 48, 53, { needingAction: 5, covered: 4 }, { onTrack: 2, atRisk: 1, offTrack: 1, none: 0 }),
    area(2, 'Tillgänglighet och brukarorientering', 61, 64, { needingAction: 4, covered: 4 }, { onTrack: 3, atRisk: 1, offTrack: 0, none: 0 }),
    area(3, 'Politisk styrning och kontroll', 55, 55, { needingAction: 3, covered: 2 }, { onTrack: 1, atRisk: 0, offTrack: 0, none: 1 }),
    area(4, 'Ledarskap, ansvar och delegation', 42, 45.5, { needingAction: 6, covered: 5 }, { onTrack: 3, atRisk: 1, offTrack: 1, none: 1 }),
    area(5, 'Resultat och effektivitet', 38, 41, { needingAction: 5, covered: 3 }, { onTrack: 1, atRisk: 1, offTrack: 0, none: 0 }),
    area(6, 'Kommunen som arbetsgivare - personalpolitik', 57, 60, { needingAction: 4, covered: 4 }, { onTrack: 2, atRisk: 0, offTrack: 1, none: 1 }),
    area(7, 'Verksamhetsutveckling', 44, 44, { needingAction: 3, covered: 2 }, { onTrack: 1, atRisk: 0, offTrack: 0, none: 0 }),
    area(8, 'Kommunen som samhällsbyggare', 63, 66, { needingAction: 2, covered: 2 }, { onTrack: 1, atRisk: 0, offTrack: 0, none: 0 }),
  ];
}

/**
 * The leadership digest of week 48, with something in every list and no countdown (the next
 * evaluation is 146 days away). Pass `countdown` (and `headline.daysToNextEvaluation`) to
 * preview the last 90 days, or empty lists to preview a quiet week.
 */
export function sampleLeadershipDigest(overrides: Partial<LeadershipDigestView> = {}): LeadershipDigestView {
  const plans = samplePlans();
  return {
    kind: 'leadership',
    municipalityName: 'Avesta kommun',
    periodKey: '2026-W48',
    today: '2026-11-26',
    evaluationTitle: 'KommunKompassen 2025',
    headline: {
      active: 23,
      health: { onTrack: 13, atRisk: 4, offTrack: 3, none: 3 },
      completedThisWeek: 2,
      overdue: 2,
      dueSoon: 3,
      stale: 2,
      daysToNextEvaluation: 146,
      activeInSeveralAreas: 1,
    },
    countdown: null,
    changes: {
      healthChanges: [
        { plan: plans.complaintsRoutine, from: 'on_track', to: 'at_risk' },
        { plan: plans.managerAssignments, from: 'at_risk', to: 'off_track' },
        { plan: plans.leanWorkshops, from: null, to: 'on_track' },
      ],
      newPlans: [plans.introduction],
      cancelled: [plans.smsReminders],
    },
    areas: sampleAreas(),
    overdue: [plans.dialogueStrategy, plans.userSurvey],
    atRiskOrOffTrack: [plans.dialogueStrategy, plans.managerAssignments, plans.userSurvey, plans.complaintsRoutine],
    completedThisWeek: [plans.publishResults, plans.eServices],
    stale: [plans.delegationRules, plans.staffSurvey],
    uncoveredFindings: [
      { areaNumber: 1, kind: 'improvement', text: 'Medborgarna får inte veta hur deras synpunkter har påverkat besluten.' },
      { areaNumber: 3, kind: 'weakness', text: 'Nämndernas uppföljning av de politiska målen sker inte på ett enhetligt sätt.' },
      { areaNumber: 4, kind: 'improvement', text: 'Chefernas befogenheter i budgetfrågor är otydliga.' },
      { areaNumber: 5, kind: 'weakness', text: 'Kostnader och kvalitet jämförs sällan med andra kommuner.' },
      { areaNumber: 5, kind: 'improvement', text: 'Resultaten av brukarundersökningarna används inte i budgetarbetet.' },
      { areaNumber: 7, kind: 'improvement', text: 'Det saknas ett system för att sprida goda exempel mellan förvaltningarna.' },
    ],
    totals: { healthChanges: 3, newPlans: 1, cancelled: 1, overdue: 2, atRiskOrOffTrack: 4, completedThisWeek: 2, stale: 2, uncoveredFindings: 6 },
    more: { healthChanges: null, newPlans: null, cancelled: null, overdue: null, atRiskOrOffTrack: null, completedThisWeek: null, stale: null, uncoveredFindings: null },
    dashboardUrl: `${APP_URL}/dashboard`,
    ...overrides,
  };
}

/** The digest of one plan owner in week 48: two overdue plans, one due soon, one not updated for weeks. */
/** The lists an owner digest is built from: one plan is overdue and stale both. */
export function sampleOwnerLists(): Record<OwnerDigestReason, DigestPlan[]> {
  const plans = samplePlans();
  return {
    overdue: [withCheckIn(plans.dialogueStrategy), withCheckIn({ ...plans.userSurvey, ownerName: 'Karin Ek' })],
    dueSoon: [withCheckIn(plans.staffSurvey)],
    stale: [withCheckIn({ ...plans.leanWorkshops, latestComment: null }), withCheckIn(plans.dialogueStrategy)],
  };
}

export function sampleOwnerDigest(overrides: Partial<OwnerDigestView> = {}): OwnerDigestView {
  return {
    kind: 'owner',
    municipalityName: 'Avesta kommun',
    periodKey: '2026-W48',
    today: '2026-11-26',
    recipientName: 'Karin Ek',
    ...ownerDigestPlans(sampleOwnerLists()),
    hasContent: true,
    actionPlansUrl: `${APP_URL}/action-plans?ownerId=3d9b7e21-5c4a-4f08-b6d2-8a1e0c7f9b35`,
    checkInLinkDays: 14,
    ...overrides,
  };
}

