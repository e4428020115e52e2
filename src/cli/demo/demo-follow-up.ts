import type { FindingKind } from '../../modules/evaluations/findings/finding.entity';

/**
 * The 2018 follow-up of Avesta's 2014 evaluation: change in points per sub-question (others
 * keep their 2014 points). Most areas gain a few points, mostly on the sub-questions the 2014
 * plans targeted; 1.4 and 8.5 go down and 3.2 stays, so the comparison has something to flag.
 *
 * Area totals, 2014 → 2018: 52 → 56, 41 → 49, 56 → 59, 44 → 49, 46 → 52, 52 → 56 (2014 printed
 * 52 for rows adding up to 51; 2018 is entered by hand, so its total is the sum), 45 → 54,
 * 68 → 71; in all 404 → 446.
 */
export const DEMO_FOLLOW_UP = {
  title: 'KommunKompassen Avesta 2018',
  conductedOn: '2018-11-01',
  scoreChanges: {
    '1.2': 2,
    '1.3': 4,
    '1.4': -2,
    '2.1': 3,
    '2.2': 3,
    '2.6': 2,
    '3.1': 2,
    '3.4': 1,
    '4.1': 3,
    '4.6': 2,
    '5.3': 4,
    '5.5': 2,
    '6.1': 3,
    '6.3': 2,
    '7.2': 3,
    '7.4': 5,
    '7.5': 1,
    '8.3': 1,
    '8.5': -1,
    '8.6': 3,
  } as Record<string, number>,
};

export interface DemoFinding {
  areaNumber: number;
  kind: FindingKind;
  text: string;
  questionCode: string;
  dismissedReason?: string;
}

export const DEMO_FOLLOW_UP_FINDINGS: DemoFinding[] = [
  { areaNumber: 1, kind: 'improvement', questionCode: '1.3', text: 'Resultatinformationen till medborgarna kan bli mer lättillgänglig' },
  { areaNumber: 1, kind: 'weakness', questionCode: '1.4', text: 'Färre forum för medborgardialog än vid förra utvärderingen' },
  { areaNumber: 2, kind: 'improvement', questionCode: '2.1', text: 'Strategin för brukarorientering behöver förankras i alla förvaltningar' },
  { areaNumber: 3, kind: 'weakness', questionCode: '3.2', text: 'Målen i budgeten är fortfarande svåra att följa upp' },
  {
    areaNumber: 4,
    kind: 'improvement',
    questionCode: '4.4',
    text: 'Se över möjligheten att föra över budgetresultat mellan åren',
    dismissedReason: 'Kommunfullmäktige har beslutat att behålla nuvarande budgetregler.',
  },
  { areaNumber: 6, kind: 'strength', questionCode: '6.1', text: 'Ny personalstrategi antagen 2017 och känd bland cheferna' },
  { areaNumber: 7, kind: 'improvement', questionCode: '7.4', text: 'Kvalitetsarbetet behöver spridas till alla förvaltningar' },
  { areaNumber: 8, kind: 'weakness', questionCode: '8.5', text: 'Det internationella samarbetet har minskat' },
];
