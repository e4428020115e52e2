import type { Role } from '../../common/auth/actor';

/** The demo password of every demo user (documented in the README). */
export const DEMO_PASSWORD = 'Handlingsplan-2084';

export interface DemoPerson {
  email: string;
  name: string;
  role: Role;
  unit: string | null;
  locale: 'sv' | 'en';
}

export const DEMO_PEOPLE: DemoPerson[] = [
  { email: 'admin@avesta.example', name: 'Anna Adminsson', role: 'admin', unit: 'Kommunledningskontoret', locale: 'sv' },
  { email: 'kommundirektor@avesta.example', name: 'Karin Lindqvist', role: 'manager', unit: 'Kommunledningskontoret', locale: 'sv' },
  { email: 'kvalitetschef@avesta.example', name: 'Mats Berglund', role: 'manager', unit: 'Kvalitet och utveckling', locale: 'sv' },
  { email: 'erik.sandberg@avesta.example', name: 'Erik Sandberg', role: 'owner', unit: 'Barn- och utbildningsförvaltningen', locale: 'sv' },
  { email: 'lena.holm@avesta.example', name: 'Lena Holm', role: 'owner', unit: 'Vård och omsorg', locale: 'sv' },
  { email: 'johan.nystrom@avesta.example', name: 'Johan Nyström', role: 'owner', unit: 'HR-avdelningen', locale: 'sv' },
  { email: 'sara.ek@avesta.example', name: 'Sara Ek', role: 'owner', unit: 'Kommunikationsavdelningen', locale: 'sv' },
  { email: 'peter.dahl@avesta.example', name: 'Peter Dahl', role: 'owner', unit: 'Samhällsbyggnadsförvaltningen', locale: 'sv' },
  { email: 'maria.svensson@avesta.example', name: 'Maria Svensson', role: 'owner', unit: 'Ekonomiavdelningen', locale: 'sv' },
  { email: 'oliver.grant@avesta.example', name: 'Oliver Grant', role: 'owner', unit: 'Näringsliv och internationella kontakter', locale: 'en' },
  { email: 'ks.ordforande@avesta.example', name: 'Gunnar Ohlsson', role: 'viewer', unit: 'Kommunstyrelsen', locale: 'sv' },
  { email: 'eva.strand@avesta.example', name: 'Eva Strand', role: 'viewer', unit: 'Ledningsgruppen', locale: 'en' },
];

/** Which unit's owner takes the actions of each area (by area number). */
export const OWNER_BY_AREA: Record<number, string[]> = {
  1: ['sara.ek@avesta.example'],
  2: ['lena.holm@avesta.example', 'sara.ek@avesta.example'],
  3: ['maria.svensson@avesta.example'],
  4: ['johan.nystrom@avesta.example'],
  5: ['maria.svensson@avesta.example', 'erik.sandberg@avesta.example'],
  6: ['johan.nystrom@avesta.example'],
  7: ['erik.sandberg@avesta.example', 'lena.holm@avesta.example'],
  8: ['peter.dahl@avesta.example', 'oliver.grant@avesta.example'],
};

/** Comments owners write, by traffic light. */
export const DEMO_COMMENTS: Record<'on_track' | 'at_risk' | 'off_track', string[]> = {
  on_track: [
    'Arbetsgruppen är tillsatt och har haft sitt första möte.',
    'Underlaget är klart och skickat på remiss till förvaltningarna.',
    'Genomfört enligt plan; utvärdering sker i nästa kvartalsrapport.',
    'Pilot i två enheter är igång och ger bra respons.',
  ],
  at_risk: [
    'Resurserna räcker inte fullt ut; frågan tas upp i ledningsgruppen nästa månad.',
    'Upphandlingen har dragit ut på tiden. Ny tidplan presenteras i april.',
    'Beroende av nytt ärendesystem som är försenat. Vi kör manuellt under tiden.',
  ],
  off_track: [
    'Stoppat i väntan på budgetbeslut i kommunstyrelsen. Förslag till omprioritering lämnas.',
    'Projektledaren har slutat och ersättare saknas. Rekrytering pågår, klart tidigast till hösten.',
  ],
};
