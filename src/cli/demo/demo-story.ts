import type { Health, Priority } from '../../modules/action-plans/plans/action-plan.constants';
import type { FindingKind } from '../../modules/evaluations/findings/finding.entity';

/**
 * Avesta's story, as a KommunKompassen evaluator would tell it:
 *
 * - 2014: the report (imported), one finding dismissed at once.
 * - 2015–2017: a plan for about a third of the findings; by 2017 each is completed or cancelled.
 * - 2018: the follow-up, entered by hand. A sub-question a completed plan aimed at gained about
 *   what the plan expected; one a cancelled plan aimed at did not move (8.5 went down). A few
 *   new findings.
 * - 2019–2020: plans on two of them, completed; a third cancelled. About a year and a half
 *   before today, four more on the 2018 findings, still running at the next evaluation.
 * - About a year before today: the third evaluation, with its own findings; three of the four
 *   running plans are carried over to them (the fourth is left for a manager to try
 *   *För över åtgärder* on).
 * - Since then: the current cycle's plans, due from a few months ago to about two years ahead.
 * - About a year ahead: the next evaluation.
 *
 * A day is a date (`YYYY-MM-DD`) or a number of days from the day the demo is seeded, so the
 * current cycle is always current. Each update's traffic light is the one an owner would honestly
 * set for its progress against the time gone from start to due date (grön while within 15
 * points of the schedule, gul within 35, röd beyond; past the due date gul from 80 %, röd below).
 * Every gul or röd update says why; no two plans share a comment.
 */
export type StoryDay = string | number;

/** [day, progress, traffic light, comment]. Progress 100 completes the plan. */
export type StoryUpdate = [StoryDay, number, Health, string | null];

export type StoryEvaluation = '2014' | '2018' | 'current';

export interface StoryPlan {
  /** The finding the plan answers: its evaluation and its exact text. */
  finding: { evaluation: StoryEvaluation; text: string };
  title: string;
  owner: string;
  created: StoryDay;
  start: StoryDay;
  due: StoryDay;
  priority: Priority;
  /** [sub-question, expected points]. */
  targets: [string, number][];
  expectedEffect?: string;
  updates: StoryUpdate[];
  cancelled?: { on: StoryDay; reason: string };
  /** The current evaluation's finding (text) the plan is carried over to. */
  carriedOverTo?: string;
}

export interface StoryFinding {
  areaNumber: number;
  kind: FindingKind;
  questionCode: string;
  text: string;
  dismissedReason?: string;
}

export const DISMISSED_2014 = { text: 'Förenkla och förtydliga kommunövergripande vision', reason: 'Hanteras redan inom den nya styrmodellen.', on: '2015-02-02' };

/**
 * The 2018 follow-up: change in points per sub-question from 2014 (the others keep their 2014
 * points). Up by the completed plans' targets (1.3, 1.5, 2.1, 2.3, 3.1, 4.1, 4.6, 5.3, 5.5, 6.1,
 * 6.3, 7.1, 7.4, 8.2), unchanged where plans were cancelled (1.2, 2.2, 6.6), down on 8.5 (its
 * plan cancelled, the twinning ended) and on 1.4 (fewer dialogue forums); 3.4, 7.5, 8.6 moved
 * without a plan.
 *
 * Area totals, 2014 → 2018: 52 → 57, 41 → 46, 56 → 59, 44 → 49, 46 → 52, 52 → 56 (2014 printed
 * 52 for rows adding up to 51; 2018 is entered by hand, so its total is the sum), 45 → 54,
 * 68 → 70; in all 404 → 443.
 */
export const FOLLOW_UP_2018 = {
  title: 'KommunKompassen Avesta 2018',
  conductedOn: '2018-11-01',
  scoreChanges: {
    '1.3': 4,
    '1.4': -2,
    '1.5': 3,
    '2.1': 3,
    '2.3': 2,
    '3.1': 2,
    '3.4': 1,
    '4.1': 3,
    '4.6': 2,
    '5.3': 4,
    '5.5': 2,
    '6.1': 3,
    '6.3': 2,
    '7.1': 3,
    '7.4': 5,
    '7.5': 1,
    '8.2': 1,
    '8.5': -1,
    '8.6': 2,
  } as Record<string, number>,
  findings: [
    { areaNumber: 1, kind: 'improvement', questionCode: '1.3', text: 'Resultatinformationen till medborgarna kan bli mer lättillgänglig' },
    { areaNumber: 1, kind: 'weakness', questionCode: '1.4', text: 'Färre forum för medborgardialog än vid förra utvärderingen' },
    { areaNumber: 1, kind: 'strength', questionCode: '1.5', text: 'Riktlinjer mot mutor och jäv antagna 2016' },
    { areaNumber: 2, kind: 'improvement', questionCode: '2.1', text: 'Strategin för brukarorientering behöver förankras i alla förvaltningar' },
    { areaNumber: 2, kind: 'weakness', questionCode: '2.2', text: 'Servicecenter saknas fortfarande och bemötandet varierar mellan förvaltningarna' },
    { areaNumber: 3, kind: 'weakness', questionCode: '3.2', text: 'Målen i budgeten är fortfarande svåra att följa upp' },
    {
      areaNumber: 4,
      kind: 'improvement',
      questionCode: '4.4',
      text: 'Se över möjligheten att föra över budgetresultat mellan åren',
      dismissedReason: 'Kommunfullmäktige har beslutat att behålla nuvarande budgetregler.',
    },
    { areaNumber: 6, kind: 'strength', questionCode: '6.1', text: 'Ny personalstrategi antagen 2017 och känd bland cheferna' },
    { areaNumber: 6, kind: 'improvement', questionCode: '6.6', text: 'Mångfaldsarbetet saknar mål och uppföljning' },
    { areaNumber: 7, kind: 'improvement', questionCode: '7.2', text: 'Kvalitetsverktygen används bara i vissa förvaltningar' },
    { areaNumber: 8, kind: 'weakness', questionCode: '8.5', text: 'Det internationella samarbetet har minskat' },
  ] as StoryFinding[],
};

/**
 * The third evaluation, about a year before today: change in points from 2018. Up where the
 * 2019–2020 plans were completed (1.4, 3.2) and a little where the running ones have got far
 * (2.2, 7.2); 6.6 unchanged (its plan lags), 8.5 unchanged (its plan was cancelled); down on
 * 4.5, 7.4 and 8.6, which its findings name.
 *
 * Area totals, 2018 → now: 57 → 61, 46 → 49, 59 → 62, 49 → 48, 52 → 54, 56 → 56, 54 → 53,
 * 70 → 69; in all 443 → 452.
 */
export const CURRENT_EVALUATION = {
  /** Days from the seeding day; the title takes its year. */
  conductedOn: -370,
  scoreChanges: {
    '1.3': 1,
    '1.4': 3,
    '2.2': 2,
    '2.6': 1,
    '3.2': 3,
    '4.5': -1,
    '5.1': 2,
    '7.2': 1,
    '7.4': -2,
    '8.6': -1,
  } as Record<string, number>,
  findings: [
    { areaNumber: 1, kind: 'improvement', questionCode: '1.3', text: 'Resultat per verksamhet bör redovisas på webben i ett jämförbart format' },
    { areaNumber: 1, kind: 'weakness', questionCode: '1.2', text: 'Webben och de sociala kanalerna ger olika besked; ingen samlad kanalstrategi' },
    { areaNumber: 1, kind: 'strength', questionCode: '1.5', text: 'Uppförandekod och visselblåsarfunktion som är kända i hela organisationen' },
    { areaNumber: 2, kind: 'weakness', questionCode: '2.2', text: 'Kontaktcentret når ännu inte alla förvaltningar' },
    { areaNumber: 2, kind: 'improvement', questionCode: '2.6', text: 'Synpunkter och klagomål bör sammanställas och återrapporteras till nämnderna' },
    { areaNumber: 3, kind: 'strength', questionCode: '3.2', text: 'Målen i budgeten följs upp med indikatorer i delårsrapport och årsredovisning' },
    { areaNumber: 3, kind: 'weakness', questionCode: '3.5', text: 'Nya förtroendevalda får ingen samlad introduktion om roller och ansvar' },
    { areaNumber: 4, kind: 'weakness', questionCode: '4.5', text: 'Många chefer har för många medarbetare för att kunna leda nära' },
    { areaNumber: 4, kind: 'improvement', questionCode: '4.6', text: 'Ledarutvecklingsprogrammets resultat följs inte upp' },
    { areaNumber: 5, kind: 'weakness', questionCode: '5.2', text: 'Kostnad per brukare redovisas inte i budgetdialogen' },
    {
      areaNumber: 5,
      kind: 'improvement',
      questionCode: '5.6',
      text: 'Fler samverkansavtal med grannkommunerna',
      dismissedReason: 'Samverkan sker redan inom Region Dalarnas ram; ingen egen åtgärd behövs.',
    },
    { areaNumber: 6, kind: 'improvement', questionCode: '6.6', text: 'Mångfaldsplanen behöver mätbara mål' },
    { areaNumber: 6, kind: 'weakness', questionCode: '6.4', text: 'Lönekriterierna är okända för många medarbetare' },
    { areaNumber: 7, kind: 'improvement', questionCode: '7.2', text: 'Kvalitetsledningssystemet används i två av fem förvaltningar' },
    { areaNumber: 7, kind: 'weakness', questionCode: '7.4', text: 'Innovationsarbetet har stannat av sedan 2020' },
    { areaNumber: 8, kind: 'weakness', questionCode: '8.6', text: 'Klimatmålen saknar årlig uppföljning' },
    { areaNumber: 8, kind: 'improvement', questionCode: '8.5', text: 'Koppla de internationella kontakterna till näringslivsarbetet' },
    { areaNumber: 8, kind: 'strength', questionCode: '8.4', text: 'Starkt företagsklimat och aktivt näringslivsråd' },
  ] as StoryFinding[],
};

/** Days from today to the next evaluation. */
export const NEXT_EVALUATION_IN_DAYS = 365;

const f2014 = (text: string) => ({ evaluation: '2014' as const, text });
const f2018 = (text: string) => ({ evaluation: '2018' as const, text });
const now = (text: string) => ({ evaluation: 'current' as const, text });

/** 2015–2017: plans on the 2014 report, each completed or cancelled by the end of 2017. */
export const PLANS_2015: StoryPlan[] = [
  {
    finding: f2014('Kommunövergripande strategi kring motverkande av korruption.'),
    title: 'Kommunövergripande strategi mot korruption',
    owner: 'maria.svensson@avesta.example',
    created: '2015-02-16',
    start: '2015-03-02',
    due: '2016-06-30',
    priority: 'high',
    targets: [['1.5', 3]],
    updates: [
      ['2015-06-15', 30, 'on_track', 'Befintliga policyer för bisysslor, representation och attest är inventerade.'],
      ['2015-12-07', 70, 'on_track', null],
      ['2016-05-23', 100, 'on_track', 'Kommunfullmäktige har antagit riktlinjer mot mutor och jäv; visselblåsarfunktionen öppnar i höst.'],
    ],
  },
  {
    finding: f2014('Ingen tydlig information om kvalitet och resultat för medborgare'),
    title: 'Information om kvalitet och resultat till medborgarna',
    owner: 'sara.ek@avesta.example',
    created: '2015-03-02',
    start: '2015-03-16',
    due: '2017-03-31',
    priority: 'medium',
    targets: [['1.3', 4]],
    updates: [
      ['2015-09-14', 20, 'on_track', null],
      ['2016-04-11', 50, 'on_track', 'Kommunens kvalitet i korthet publiceras nu på webben med jämförelser mot liknande kommuner.'],
      ['2017-03-20', 100, 'on_track', null],
    ],
  },
  {
    finding: f2014('Bättre användning av sociala medier för information och medborgardialog'),
    title: 'Sociala medier för information och dialog',
    owner: 'sara.ek@avesta.example',
    created: '2015-04-13',
    start: '2015-05-04',
    due: '2016-12-31',
    priority: 'low',
    targets: [['1.2', 2]],
    updates: [['2015-10-05', 5, 'at_risk', 'Riktlinjerna för sociala medier är klara men ingen förvaltning har tid att bemanna kanalerna.']],
    cancelled: { on: '2016-03-14', reason: 'Kommunstyrelsen flyttade medlen till e-tjänsterna; sociala medier ingår i kommunikationsstrategin i stället.' },
  },
  {
    finding: f2014('Det finns ingen kommunövergripande strategi för brukarfokus'),
    title: 'Kommunövergripande strategi för brukarfokus',
    owner: 'lena.holm@avesta.example',
    created: '2015-02-23',
    start: '2015-03-09',
    due: '2017-06-30',
    priority: 'high',
    targets: [['2.1', 3]],
    updates: [
      ['2015-10-19', 30, 'on_track', null],
      ['2016-09-12', 60, 'on_track', 'Strategin är antagen; nu tas servicedeklarationer fram för varje förvaltning.'],
      ['2017-06-12', 100, 'on_track', 'Alla förvaltningar har en servicedeklaration och följer upp den årligen.'],
    ],
  },
  {
    finding: f2014('Utveckling av e-tjänster'),
    title: 'Fler e-tjänster för invånarna',
    owner: 'lena.holm@avesta.example',
    created: '2015-05-04',
    start: '2015-06-01',
    due: '2016-12-31',
    priority: 'medium',
    targets: [['2.3', 2]],
    updates: [
      ['2015-11-16', 35, 'on_track', 'Ansökan om förskoleplats och felanmälan är nu e-tjänster.'],
      ['2016-06-20', 70, 'on_track', null],
      ['2016-12-12', 100, 'on_track', 'Tolv e-tjänster är i drift; användningen följs upp i KKiK.'],
    ],
  },
  {
    finding: f2014('Servicecenter eller liknande saknas'),
    title: 'Utred ett servicecenter',
    owner: 'lena.holm@avesta.example',
    created: '2015-03-16',
    start: '2015-04-01',
    due: '2016-10-31',
    priority: 'medium',
    targets: [['2.2', 3]],
    updates: [
      ['2015-09-21', 25, 'on_track', null],
      ['2016-02-15', 35, 'at_risk', 'Utredningen visar att ett servicecenter kräver nya lokaler; kostnaden ryms inte i ramen.'],
    ],
    cancelled: { on: '2016-09-26', reason: 'Servicecentret ryms inte i budgetramen; kommunstyrelsen beslutade att vänta till efter nästa utvärdering.' },
  },
  {
    finding: f2014('Svårt att se koppling mellan aktiviteter, indikatorer och mål i budget och bokslut'),
    title: 'Tydligare koppling mellan mål och aktiviteter i styrmodellen',
    owner: 'maria.svensson@avesta.example',
    created: '2015-04-20',
    start: '2015-05-04',
    due: '2017-04-30',
    priority: 'medium',
    targets: [['3.1', 2]],
    updates: [
      ['2016-01-18', 30, 'on_track', null],
      ['2016-10-03', 65, 'on_track', 'Nämndernas verksamhetsplaner följer nu samma mall med mål, indikatorer och aktiviteter.'],
      ['2017-04-10', 100, 'on_track', null],
    ],
  },
  {
    finding: f2014('Ingen kommunövergripande värdegrund'),
    title: 'Gemensam värdegrund för alla anställda',
    owner: 'johan.nystrom@avesta.example',
    created: '2015-06-01',
    start: '2015-08-17',
    due: '2016-12-31',
    priority: 'medium',
    targets: [],
    expectedEffect: 'Medarbetarenkäten visar att fler känner till värdegrunden.',
    updates: [
      ['2016-02-22', 45, 'on_track', 'Värdegrunden är framtagen i workshoppar med över 300 medarbetare.'],
      ['2016-11-28', 100, 'on_track', null],
    ],
  },
  {
    finding: f2014('Ingen kommunövergripande ledarstrategi'),
    title: 'Kommunövergripande ledarstrategi',
    owner: 'johan.nystrom@avesta.example',
    created: '2015-02-09',
    start: '2015-03-02',
    due: '2016-09-30',
    priority: 'high',
    targets: [['4.1', 3]],
    updates: [
      ['2015-08-24', 40, 'on_track', null],
      ['2016-03-14', 75, 'on_track', 'Ledarstrategin är ute på remiss hos de fackliga organisationerna.'],
      ['2016-09-19', 100, 'on_track', 'Ledarstrategin är antagen och ingår i introduktionen för nya chefer.'],
    ],
  },
  {
    finding: f2014('Ta fram ett eget ledarutvecklingsprogram'),
    title: 'Eget ledarutvecklingsprogram',
    owner: 'johan.nystrom@avesta.example',
    created: '2015-09-07',
    start: '2016-01-11',
    due: '2017-10-31',
    priority: 'medium',
    targets: [['4.6', 2]],
    updates: [
      ['2016-06-13', 20, 'on_track', null],
      ['2017-02-06', 55, 'on_track', 'Första omgången av ledarprogrammet med 24 chefer är genomförd.'],
      ['2017-10-16', 100, 'on_track', null],
    ],
  },
  {
    finding: f2014('Inget IT-stöd för verksamhetsuppföljning'),
    title: 'IT-stöd för verksamhetsuppföljning',
    owner: 'maria.svensson@avesta.example',
    created: '2015-03-09',
    start: '2015-04-07',
    due: '2017-06-30',
    priority: 'high',
    targets: [['5.3', 5]],
    updates: [
      ['2015-11-09', 20, 'on_track', null],
      ['2016-05-16', 30, 'at_risk', 'Upphandlingen av beslutsstödet överprövades; avtal väntas först efter sommaren.'],
      ['2016-12-05', 70, 'on_track', null],
      ['2017-06-26', 100, 'on_track', 'Beslutsstödet är i drift och nämnderna får månadsrapporter ur det.'],
    ],
  },
  {
    finding: f2014('Mer systematiskt arbete med jämförelser'),
    title: 'Systematiska jämförelser med andra kommuner',
    owner: 'erik.sandberg@avesta.example',
    created: '2015-05-18',
    start: '2015-06-01',
    due: '2016-12-31',
    priority: 'low',
    targets: [['5.5', 2]],
    updates: [
      ['2015-12-14', 40, 'on_track', 'Jämförelsegruppen med Hedemora, Sala och Fagersta har haft sitt första möte.'],
      ['2016-12-19', 100, 'on_track', null],
    ],
  },
  {
    finding: f2014('Förnya och utveckla personalstrategin'),
    title: 'Ny personalstrategi',
    owner: 'johan.nystrom@avesta.example',
    created: '2015-08-31',
    start: '2015-09-14',
    due: '2017-05-31',
    priority: 'high',
    targets: [['6.1', 3]],
    updates: [
      ['2016-03-21', 30, 'on_track', null],
      ['2016-11-14', 65, 'on_track', 'Förslaget till personalstrategi är förhandlat med de fackliga organisationerna.'],
      ['2017-05-15', 100, 'on_track', 'Kommunfullmäktige antog personalstrategin i maj; cheferna har fått den presenterad.'],
    ],
  },
  {
    finding: f2014('Övergripande kartläggning av kompetens och kompetensbehov'),
    title: 'Kartläggning av kompetensbehov',
    owner: 'johan.nystrom@avesta.example',
    created: '2016-01-18',
    start: '2016-02-01',
    due: '2017-09-30',
    priority: 'medium',
    targets: [['6.3', 2]],
    updates: [
      ['2016-08-29', 35, 'on_track', null],
      ['2017-09-25', 100, 'on_track', 'Kompetensbehoven till 2025 är kartlagda per yrkesgrupp och ligger till grund för rekryteringsplanen.'],
    ],
  },
  {
    finding: f2014('Stärk mångfaldsarbetet'),
    title: 'Mångfaldsplan',
    owner: 'johan.nystrom@avesta.example',
    created: '2015-10-05',
    start: '2015-11-02',
    due: '2017-06-30',
    priority: 'low',
    targets: [['6.6', 2]],
    updates: [['2016-04-25', 10, 'at_risk', 'HR har inte kunnat prioritera mångfaldsplanen under arbetet med personalstrategin.']],
    cancelled: { on: '2016-11-21', reason: 'Mångfaldsfrågorna arbetas in i den nya personalstrategin i stället för i en egen plan.' },
  },
  {
    finding: f2014('Ingen kommunövergripande kvalitetsstrategi'),
    title: 'Kommunövergripande kvalitetsstrategi',
    owner: 'erik.sandberg@avesta.example',
    created: '2015-03-23',
    start: '2015-04-13',
    due: '2016-12-31',
    priority: 'high',
    targets: [['7.1', 3]],
    updates: [
      ['2015-10-26', 40, 'on_track', null],
      ['2016-06-13', 75, 'on_track', 'Kvalitetsstrategin är beslutad i kommunstyrelsen; förvaltningarna tar fram egna handlingsplaner.'],
      ['2016-12-05', 100, 'on_track', null],
    ],
  },
  {
    finding: f2014('Utveckla systematiskt arbete med innovation och kreativitet'),
    title: 'Systematiskt arbete med innovation',
    owner: 'lena.holm@avesta.example',
    created: '2015-06-08',
    start: '2015-08-24',
    due: '2017-06-30',
    priority: 'medium',
    targets: [['7.4', 4]],
    updates: [
      ['2016-01-25', 25, 'on_track', null],
      ['2016-09-19', 60, 'on_track', 'Idéslussen är öppen för alla medarbetare; 41 idéer har kommit in hittills.'],
      ['2017-06-19', 100, 'on_track', 'Idéslussen är permanent och ett innovationspris delas ut varje år.'],
    ],
  },
  {
    finding: f2014('Utveckla de internationella kontakterna'),
    title: 'Fler internationella kontakter',
    owner: 'oliver.grant@avesta.example',
    created: '2015-04-27',
    start: '2015-05-11',
    due: '2017-05-31',
    priority: 'low',
    targets: [['8.5', 2]],
    updates: [['2015-11-23', 10, 'at_risk', 'The EU project application was turned down; we are looking for other funding.']],
    cancelled: { on: '2016-05-09', reason: 'Vänortsavtalet sades upp och EU-ansökan fick avslag; frågan tas upp igen efter nästa utvärdering.' },
  },
  {
    finding: f2014('Tydliggör strategi för samverkan med civilsamhället'),
    title: 'Strategi för samverkan med civilsamhället',
    owner: 'peter.dahl@avesta.example',
    created: '2015-09-21',
    start: '2015-10-05',
    due: '2017-03-31',
    priority: 'medium',
    targets: [['8.2', 1]],
    updates: [
      ['2016-05-02', 45, 'on_track', 'Överenskommelsen med föreningslivet är framförhandlad.'],
      ['2017-03-27', 100, 'on_track', null],
    ],
  },
];

/**
 * Plans on the 2018 findings: three made in 2019 (two completed, one cancelled in the pandemic),
 * three made about a year and a half ago, still running and carried over to the current
 * evaluation's findings.
 */
export const PLANS_2018: StoryPlan[] = [
  {
    finding: f2018('Målen i budgeten är fortfarande svåra att följa upp'),
    title: 'Uppföljningsbara mål och indikatorer i budgeten',
    owner: 'maria.svensson@avesta.example',
    created: '2019-02-11',
    start: '2019-03-01',
    due: '2020-12-31',
    priority: 'high',
    targets: [['3.2', 3]],
    updates: [
      ['2019-06-10', 25, 'on_track', null],
      ['2019-12-02', 55, 'on_track', 'Indikatorerna är beslutade i budget 2020; nämnderna rapporterar mot dem från delårsrapporten.'],
      ['2020-11-16', 100, 'on_track', 'Årsredovisningen 2020 följer upp varje mål med sina indikatorer.'],
    ],
  },
  {
    finding: f2018('Färre forum för medborgardialog än vid förra utvärderingen'),
    title: 'Medborgardialog i varje kommundel',
    owner: 'sara.ek@avesta.example',
    created: '2019-03-04',
    start: '2019-04-01',
    due: '2020-06-30',
    priority: 'medium',
    targets: [['1.4', 3]],
    updates: [
      ['2019-09-16', 40, 'on_track', 'Två dialogkvällar är genomförda, i Krylbo och i Fors.'],
      ['2020-03-09', 55, 'at_risk', 'Dialogkvällarna i Horndal och By är inställda på grund av smittspridningen; vi prövar digitala möten.'],
      ['2020-06-22', 100, 'on_track', 'Alla kommundelar har haft dialog, två av dem digitalt; formen är inskriven i kommunikationsplanen.'],
    ],
  },
  {
    finding: f2018('Det internationella samarbetet har minskat'),
    title: 'Nytt vänortssamarbete inom EU',
    owner: 'oliver.grant@avesta.example',
    created: '2019-04-08',
    start: '2019-05-01',
    due: '2021-06-30',
    priority: 'low',
    targets: [['8.5', 2]],
    updates: [['2019-11-11', 20, 'on_track', 'First meeting held with a prospective partner municipality in Finland; a letter of intent is being drafted.']],
    cancelled: { on: '2020-05-18', reason: 'Resorna stoppades under pandemin och partnerkommunen drog sig ur; frågan tas upp igen inför nästa utvärdering.' },
  },
  {
    finding: f2018('Kvalitetsverktygen används bara i vissa förvaltningar'),
    title: 'Kvalitetsledningssystem i alla förvaltningar',
    owner: 'erik.sandberg@avesta.example',
    created: -560,
    start: -545,
    due: 200,
    priority: 'high',
    targets: [['7.2', 3]],
    updates: [
      [-480, 15, 'on_track', 'Upphandlingen av kvalitetsledningssystemet är avslutad.'],
      [-380, 20, 'on_track', null],
      [-200, 28, 'at_risk', 'Införandet i samhällsbyggnadsförvaltningen försenas av omorganisationen där.'],
      [-30, 70, 'on_track', 'Samhällsbyggnad är i gång; nu används systemet i fyra av fem förvaltningar.'],
    ],
    carriedOverTo: 'Kvalitetsledningssystemet används i två av fem förvaltningar',
  },
  {
    finding: f2018('Servicecenter saknas fortfarande och bemötandet varierar mellan förvaltningarna'),
    title: 'Kontaktcenter med en väg in',
    owner: 'lena.holm@avesta.example',
    created: -520,
    start: -505,
    due: 400,
    priority: 'high',
    targets: [['2.2', 4]],
    updates: [
      [-450, 10, 'on_track', 'Förstudien om ett gemensamt kontaktcenter är beställd av kommunledningen.'],
      [-380, 25, 'on_track', null],
      [-200, 45, 'on_track', 'Kontaktcentret har öppnat för socialtjänst och bygglov; väntetiden i telefon har halverats.'],
      [-8, 60, 'on_track', null],
    ],
    carriedOverTo: 'Kontaktcentret når ännu inte alla förvaltningar',
  },
  {
    finding: f2018('Mångfaldsarbetet saknar mål och uppföljning'),
    title: 'Mål och uppföljning för mångfaldsarbetet',
    owner: 'johan.nystrom@avesta.example',
    created: -480,
    start: -470,
    due: 90,
    priority: 'medium',
    targets: [['6.6', 2]],
    updates: [
      [-400, 10, 'on_track', null],
      [-300, 25, 'on_track', 'Nuläget är kartlagt med hjälp av medarbetarenkätens bakgrundsfrågor.'],
      [-10, 50, 'at_risk', 'Målen är formulerade men de fackliga organisationerna vill ha mer tid; antagandet kan glida förbi slutdatumet.'],
    ],
    carriedOverTo: 'Mångfaldsplanen behöver mätbara mål',
  },
];

/**
 * A plan on a 2018 finding, running, that no one has carried over to the current evaluation yet:
 * *För över åtgärder* has it to show.
 */
export const PLAN_LEFT_TO_CARRY_OVER: StoryPlan = {
  finding: f2018('Strategin för brukarorientering behöver förankras i alla förvaltningar'),
  title: 'Brukarorientering i alla förvaltningars verksamhetsplaner',
  owner: 'sara.ek@avesta.example',
  created: -500,
  start: -490,
  due: 150,
  priority: 'medium',
  targets: [['2.1', 2]],
  updates: [
    [-420, 10, 'on_track', 'Workshoppar om brukarstrategin är bokade med varje förvaltnings ledningsgrupp.'],
    [-200, 40, 'on_track', null],
    [-20, 65, 'on_track', 'Fem av sju förvaltningar har skrivit in brukarmålen i sina verksamhetsplaner.'],
  ],
};

/** The current cycle: plans made after the current evaluation on its findings. */
export const PLANS_NOW: StoryPlan[] = [
  {
    finding: now('Resultat per verksamhet bör redovisas på webben i ett jämförbart format'),
    title: 'Jämförbar resultatredovisning på avesta.se',
    owner: 'sara.ek@avesta.example',
    created: -330,
    start: -320,
    due: 240,
    priority: 'medium',
    targets: [['1.3', 3]],
    updates: [
      [-250, 10, 'on_track', 'Mallen för resultatsidorna är framtagen tillsammans med tre förvaltningar.'],
      [-150, 30, 'on_track', null],
      [-12, 55, 'on_track', 'Skola och äldreomsorg har publicerat sina nyckeltal; övriga förvaltningar följer efter årsskiftet.'],
    ],
  },
  {
    finding: now('Webben och de sociala kanalerna ger olika besked; ingen samlad kanalstrategi'),
    title: 'Samlad kanalstrategi för webb och sociala medier',
    owner: 'sara.ek@avesta.example',
    created: -340,
    start: -330,
    due: -60,
    priority: 'high',
    targets: [['1.2', 2]],
    updates: [
      [-260, 20, 'on_track', null],
      [-150, 50, 'at_risk', 'Remissvaren från förvaltningarna kom in sent; tidplanen har förskjutits med sex veckor.'],
      [-20, 85, 'at_risk', 'Strategin är klar och ligger för beslut i kommunstyrelsen; försenad men inte stoppad.'],
    ],
  },
  {
    finding: now('Synpunkter och klagomål bör sammanställas och återrapporteras till nämnderna'),
    title: 'Återrapportering av synpunkter till nämnderna',
    owner: 'lena.holm@avesta.example',
    created: -320,
    start: -310,
    due: -30,
    priority: 'medium',
    targets: [['2.6', 2]],
    updates: [
      [-240, 30, 'on_track', null],
      [-130, 70, 'on_track', 'Första kvartalsrapporten om synpunkter är redovisad för vård- och omsorgsnämnden.'],
      [-40, 100, 'on_track', 'Rapporten går nu till alla nämnder varje kvartal; rutinen är inskriven i ledningssystemet.'],
    ],
  },
  {
    finding: now('Nya förtroendevalda får ingen samlad introduktion om roller och ansvar'),
    title: 'Introduktion för nya förtroendevalda',
    owner: 'maria.svensson@avesta.example',
    created: -300,
    start: -290,
    due: 120,
    priority: 'low',
    targets: [],
    expectedEffect: 'Nya förtroendevalda känner till sin roll och tjänstemännens.',
    updates: [[-150, 5, 'at_risk', 'Svårt att hitta tider som passar både politiker och tjänstemän; bara ett pass är genomfört.']],
    cancelled: { on: -100, reason: 'Regionens gemensamma utbildning för förtroendevalda täcker behovet; kommunstyrelsen beslutade att inte göra en egen.' },
  },
  {
    finding: now('Många chefer har för många medarbetare för att kunna leda nära'),
    title: 'Mindre chefsområden i vård och omsorg',
    owner: 'johan.nystrom@avesta.example',
    created: -280,
    start: -200,
    due: 700,
    priority: 'medium',
    targets: [['4.5', 3]],
    updates: [
      [-120, 5, 'on_track', 'Kartläggningen är klar: 14 chefer har fler än 40 medarbetare.'],
      [-25, 15, 'on_track', null],
    ],
  },
  {
    finding: now('Ledarutvecklingsprogrammets resultat följs inte upp'),
    title: 'Uppföljning av ledarutvecklingsprogrammet',
    owner: 'erik.sandberg@avesta.example',
    created: -20,
    start: 30,
    due: 540,
    priority: 'low',
    targets: [['4.6', 2]],
    updates: [],
  },
  {
    finding: now('Kostnad per brukare redovisas inte i budgetdialogen'),
    title: 'Kostnad per brukare i budgetdialogen',
    owner: 'maria.svensson@avesta.example',
    created: -310,
    start: -300,
    due: 150,
    priority: 'high',
    targets: [['5.2', 3]],
    updates: [
      [-220, 15, 'on_track', null],
      [-120, 22, 'at_risk', 'Ekonomisystemet kan inte fördela kostnader per brukare utan en tilläggsmodul; offert är begärd.'],
      [-15, 25, 'off_track', 'Beslutet om tilläggsmodulen är uppskjutet till nästa budgetår och utan den står arbetet still; en manuell modell för två verksamheter tas fram.'],
    ],
  },
  {
    finding: now('Lönekriterierna är okända för många medarbetare'),
    title: 'Kända lönekriterier för alla medarbetare',
    owner: 'johan.nystrom@avesta.example',
    created: -290,
    start: -280,
    due: 45,
    priority: 'medium',
    targets: [['6.4', 2]],
    updates: [
      [-200, 25, 'on_track', null],
      [-90, 60, 'on_track', 'Lönekriterierna är genomgångna på arbetsplatsträffar i fyra av fem förvaltningar.'],
      [-6, 85, 'on_track', 'Sista förvaltningen har gått igenom kriterierna; kvar är en kontrollfråga i medarbetarenkäten.'],
    ],
  },
  {
    finding: now('Klimatmålen saknar årlig uppföljning'),
    title: 'Årlig uppföljning av klimatmålen',
    owner: 'peter.dahl@avesta.example',
    created: -330,
    start: -320,
    due: -90,
    priority: 'high',
    targets: [['8.6', 2]],
    updates: [
      [-250, 20, 'on_track', null],
      [-160, 40, 'at_risk', 'Miljöstrategen har slutat; uppföljningen sköts tills vidare av en planarkitekt på deltid.'],
      [-45, 45, 'off_track', 'Tjänsten som miljöstrateg är fortfarande vakant och slutdatumet har passerat; ny tidplan läggs när rekryteringen är klar.'],
    ],
  },
  {
    finding: now('Koppla de internationella kontakterna till näringslivsarbetet'),
    title: 'Internationellt nätverk för lokala företag',
    owner: 'oliver.grant@avesta.example',
    created: -300,
    start: -290,
    due: -20,
    priority: 'medium',
    targets: [['8.5', 2]],
    updates: [
      [-200, 30, 'on_track', 'The partner city has agreed to a joint programme of three trade visits.'],
      [-100, 60, 'on_track', null],
      [-15, 85, 'at_risk', 'Two of the three trade visits are done; the partner city postponed the last one, so we are past the due date.'],
    ],
  },
];
