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
