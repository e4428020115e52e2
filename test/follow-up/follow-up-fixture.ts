import { Municipality } from '../../src/modules/identity/municipalities/municipality.entity';
import { User } from '../../src/modules/identity/users/user.entity';
import { makeMunicipality, makeUser } from '../utils/factories';
import type { TestApp } from '../utils/test-app';

/**
 * A small follow-up, entered through the API, with numbers simple enough to compute by hand.
 *
 * Before (2014) and after (2018), the rest of the areas unscored:
 *   1.1  5 →  8 (+3)   1.2 10 → 10 (0)   1.3 6 → 4 (−2)   1.4 20 → 20 (0)   1.5 3 → 3 (0)   area 1: 44 → 45 (+1)
 *   2.1  3 →  7 (+4)   2.2 12 → 12 (0)   2.3 6 → 9 (+3)   2.4  6 →  6 (0)   2.5 7 → 7 (0)   2.6 5 → 5 (0)   area 2: 39 → 46 (+7)
 *   total 83 → 91 (+8)
 *
 * Findings of 2014: A (area 1 weakness, 1.1), B (area 1 improvement, no sub-question),
 * C (area 2 weakness, 2.3).
 *
 * Plans, all linked to 2014 findings:
 *   P1 A, target 1.1 +4, completed     P2 B, target 1.2 +15, completed   P3 A, target 1.1 +2, in progress
 *   P4 C, no target, in progress       P5 C, target 2.1 +5, cancelled    P6 B, no target, completed
 */
export const BEFORE: Record<string, number> = {
  '1.1': 5, '1.2': 10, '1.3': 6, '1.4': 20, '1.5': 3,
  '2.1': 3, '2.2': 12, '2.3': 6, '2.4': 6, '2.5': 7, '2.6': 5,
};
export const AFTER: Record<string, number> = {
  '1.1': 8, '1.2': 10, '1.3': 4, '1.4': 20, '1.5': 3,
  '2.1': 7, '2.2': 12, '2.3': 9, '2.4': 6, '2.5': 7, '2.6': 5,
};

export interface FollowUpFixture {
  municipality: Municipality;
  manager: User;
  owner: User;
  viewer: User;
  before: string;
  after: string;
  findings: { A: string; B: string; C: string };
  plans: { P1: string; P2: string; P3: string; P4: string; P5: string; P6: string };
}

export const as = (t: TestApp, user: User) => ({ Authorization: `Bearer ${t.tokenFor(user)}` });

export async function buildFollowUpFixture(t: TestApp, options: { dueDates?: Partial<Record<keyof FollowUpFixture['plans'], string>> } = {}): Promise<FollowUpFixture> {
  const municipality = await makeMunicipality(t.dataSource);
  const manager = await makeUser(t.dataSource, municipality, 'manager', { name: 'Mia Chef' });
  const owner = await makeUser(t.dataSource, municipality, 'owner', { name: 'Olle Ägare' });
  const viewer = await makeUser(t.dataSource, municipality, 'viewer');
  const http = t.http;
  const asManager = as(t, manager);
  const ok = async <T>(call: Promise<{ status: number; body: T }>, status: number): Promise<T> => {
    const response = await call;
    if (response.status !== status) throw new Error(`Fixture call answered ${response.status}: ${JSON.stringify(response.body)}`);
    return response.body;
  };
  const scores = (values: Record<string, number>) => Object.entries(values).map(([questionCode, achievedPoints]) => ({ questionCode, achievedPoints }));

  const before = await ok<{ id: string }>(
    http.post('/api/evaluations').set(asManager).send({ frameworkKey: 'kommunkompassen-2010', title: 'Uppföljning 2014', conductedOn: '2014-05-01' }),
    201,
  );
  await ok(http.put(`/api/evaluations/${before.id}/scores`).set(asManager).send(scores(BEFORE)), 200);
  const finding = async (evaluationId: string, body: object) =>
    (await ok<{ id: string }>(http.post(`/api/evaluations/${evaluationId}/findings`).set(asManager).send(body), 201)).id;
  const findings = {
    A: await finding(before.id, { areaNumber: 1, kind: 'weakness', text: 'Resultat redovisas inte för medborgarna', questionCode: '1.1' }),
    B: await finding(before.id, { areaNumber: 1, kind: 'improvement', text: 'Bättre information till medborgarna' }),
    C: await finding(before.id, { areaNumber: 2, kind: 'weakness', text: 'Servicecenter saknas', questionCode: '2.3' }),
  };
  await ok(http.post(`/api/evaluations/${before.id}/publish`).set(asManager), 200);

  const due = options.dueDates ?? {};
  const plan = async (key: keyof FollowUpFixture['plans'], findingId: string, targets: { questionCode: string; expectedPoints: number }[]) =>
    (
      await ok<{ id: string }>(
        http
          .post('/api/action-plans')
          .set(asManager)
          .send({ title: `Åtgärd ${key}`, ownerId: owner.id, dueDate: due[key] ?? '2019-12-31', findingIds: [findingId], targets }),
        201,
      )
    ).id;
  const plans = {
    P1: await plan('P1', findings.A, [{ questionCode: '1.1', expectedPoints: 4 }]),
    P2: await plan('P2', findings.B, [{ questionCode: '1.2', expectedPoints: 15 }]),
    P3: await plan('P3', findings.A, [{ questionCode: '1.1', expectedPoints: 2 }]),
    P4: await plan('P4', findings.C, []),
    P5: await plan('P5', findings.C, [{ questionCode: '2.1', expectedPoints: 5 }]),
    P6: await plan('P6', findings.B, []),
  };
  // The plans were decided on after the 2014 evaluation, before the 2018 follow-up was conducted.
  await t.dataSource.query(`UPDATE action_plan SET created_at = '2014-09-01T08:00:00Z' WHERE id = ANY($1)`, [Object.values(plans)]);
  const update = (id: string, body: object) => ok(http.post(`/api/action-plans/${id}/updates`).set(as(t, owner)).send(body), 201);
  for (const id of [plans.P1, plans.P2, plans.P6]) {
    await update(id, { health: 'on_track', progress: 50, comment: 'Halvvägs' });
    await update(id, { status: 'completed', health: 'on_track', progress: 100, comment: 'Klart' });
  }
  for (const id of [plans.P3, plans.P4]) await update(id, { health: 'at_risk', progress: 30, comment: 'Försenat av upphandling' });
  const p5 = await ok<{ version: number }>(http.get(`/api/action-plans/${plans.P5}`).set(asManager), 200);
  await ok(http.patch(`/api/action-plans/${plans.P5}`).set(asManager).send({ status: 'cancelled', cancellationReason: 'Servicecentret ersätts av en gemensam e-tjänst', version: p5.version }), 200);

  const after = await ok<{ id: string }>(
    http
      .post('/api/evaluations')
      .set(asManager)
      .send({ frameworkKey: 'kommunkompassen-2010', title: 'Uppföljning 2018', conductedOn: '2018-05-01', previousEvaluationId: before.id }),
    201,
  );
  await ok(http.put(`/api/evaluations/${after.id}/scores`).set(asManager).send(scores(AFTER)), 200);
  return { municipality, manager, owner, viewer, before: before.id, after: after.id, findings, plans };
}
