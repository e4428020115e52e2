import { AuditEvent } from '../../src/modules/audit/audit-event.entity';
import { Municipality } from '../../src/modules/identity/municipalities/municipality.entity';
import { User } from '../../src/modules/identity/users/user.entity';
import { makeMunicipality, makeUser } from '../utils/factories';
import { createTestApp, TestApp } from '../utils/test-app';

describe('users', () => {
  let t: TestApp;
  let home: Municipality;
  let other: Municipality;
  let admin: User;
  let manager: User;
  let owner: User;
  let otherUser: User;
  const as = (user: User) => ({ Authorization: `Bearer ${t.tokenFor(user)}` });

  const validUser = () => ({
    email: `ny.${Date.now()}@avesta.example`,
    name: 'Nils Nyström',
    role: 'owner',
    unit: 'Tekniska förvaltningen',
    password: 'Stark-lösen-42',
  });

  beforeAll(async () => {
    t = await createTestApp();
    home = await makeMunicipality(t.dataSource);
    other = await makeMunicipality(t.dataSource);
    admin = await makeUser(t.dataSource, home, 'admin');
    manager = await makeUser(t.dataSource, home, 'manager');
    owner = await makeUser(t.dataSource, home, 'owner');
    otherUser = await makeUser(t.dataSource, other, 'admin');
  });

  afterAll(() => t.close());

  it('lets an admin create a user, with defaults for the digests, and audits it', async () => {
    const body = validUser();
    const created = await t.http.post('/api/users').set(as(admin)).send(body).expect(201);
    expect(created.body).toMatchObject({ email: body.email, role: 'owner', active: true, locale: 'sv', leadershipDigest: false, ownerDigest: true });
    expect(created.body.passwordHash).toBeUndefined();

    const events = await t.dataSource.getRepository(AuditEvent).findBy({ entityId: created.body.id });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: 'create', actorId: admin.id, municipalityId: home.id, entityType: 'user' });
    expect(events[0].changes.email).toEqual({ after: body.email });
    expect(JSON.stringify(events[0].changes)).not.toContain('password');
  });

  it('gives 403 to a manager creating a user and to an owner changing someone else', async () => {
    const forbidden = await t.http.post('/api/users').set(as(manager)).send(validUser()).expect(403);
    expect(forbidden.body.code).toBe('AUTH.FORBIDDEN');
    await t.http.patch(`/api/users/${manager.id}`).set(as(owner)).send({ name: 'X' }).expect(403);
  });

  it('lets a user change their own digest choices but not their role', async () => {
    const own = await t.http.patch(`/api/users/${owner.id}`).set(as(owner)).send({ ownerDigest: false, locale: 'en' }).expect(200);
    expect(own.body).toMatchObject({ ownerDigest: false, locale: 'en' });
    const promoted = await t.http.patch(`/api/users/${owner.id}`).set(as(owner)).send({ role: 'admin' }).expect(403);
    expect(promoted.body.message).toContain('role');
  });

  it.each([
    [{ email: 'inte-en-adress' }, 'email'],
    [{ role: 'superuser' }, 'role'],
    [{ name: '' }, 'name'],
    [{ locale: 'de' }, 'locale'],
    [{ password: 'kort1' }, 'password'],
    [{ password: 'Password12' }, 'password'],
    [{ leadershipDigest: 'ja' }, 'leadershipDigest'],
    [{ municipalityId: '00000000-0000-4000-8000-000000000000' }, 'municipalityId'],
  ])('rejects %p with a 400 naming %s, and saves nothing', async (change, field) => {
    const before = await t.dataSource.getRepository(User).count();
    const response = await t.http.post('/api/users').set(as(admin)).send({ ...validUser(), ...change }).expect(400);
    expect(response.body.code).toBe('VALIDATION_FAILED');
    expect(response.body.details).toEqual([expect.objectContaining({ field })]);
    expect(await t.dataSource.getRepository(User).count()).toBe(before);
  });

  it('refuses a second user with the same e-mail in another letter case (409)', async () => {
    const body = validUser();
    await t.http.post('/api/users').set(as(admin)).send(body).expect(201);
    const duplicate = await t.http.post('/api/users').set(as(admin)).send({ ...body, email: body.email.toUpperCase() }).expect(409);
    expect(duplicate.body.code).toBe('USER.EMAIL_TAKEN');
  });

  it("treats another municipality's user as not existing (404), for reading and changing", async () => {
    const read = await t.http.get(`/api/users/${otherUser.id}`).set(as(admin)).expect(404);
    expect(read.body).toMatchObject({ statusCode: 404, code: 'USER.NOT_FOUND' });
    await t.http.patch(`/api/users/${otherUser.id}`).set(as(admin)).send({ name: 'Kapad' }).expect(404);
    expect((await t.dataSource.getRepository(User).findOneByOrFail({ id: otherUser.id })).name).toBe(otherUser.name);

    const list = await t.http.get('/api/users?limit=500').set(as(admin)).expect(200);
    expect(list.body.items.map((user: User) => user.id)).not.toContain(otherUser.id);
    expect(list.body.total).toBe(list.body.items.length);
  });

  it('rejects a malformed id before looking anything up', async () => {
    const response = await t.http.get('/api/users/not-a-uuid').set(as(admin)).expect(400);
    expect(response.body.code).toBe('INVALID_ID');
  });

  it('deactivates instead of deleting, audits before and after, and the user can no longer sign in', async () => {
    const leaver = await makeUser(t.dataSource, home, 'owner');
    const response = await t.http.patch(`/api/users/${leaver.id}`).set(as(admin)).send({ active: false, role: 'viewer' }).expect(200);
    expect(response.body).toMatchObject({ active: false, role: 'viewer' });

    const events = await t.dataSource.getRepository(AuditEvent).findBy({ entityId: leaver.id, action: 'update' });
    expect(events).toHaveLength(1);
    expect(events[0].changes).toEqual({ active: { before: true, after: false }, role: { before: 'owner', after: 'viewer' } });
    await t.http.get('/api/me').set(as(leaver)).expect(401);
  });

  it('keeps an admin from locking themselves out', async () => {
    const response = await t.http.patch(`/api/users/${admin.id}`).set(as(admin)).send({ active: false }).expect(409);
    expect(response.body.code).toBe('USER.SELF_LOCKOUT');
  });

  it('pages through the users in name order, each matching user exactly once, filtered by role', async () => {
    const place = await makeMunicipality(t.dataSource);
    const reader = await makeUser(t.dataSource, place, 'manager', { name: 'Maja Läsare' });
    for (const name of ['Cecilia Ek', 'adam Berg', 'Erik Lund', 'Bodil Ås', 'David Sjö']) await makeUser(t.dataSource, place, 'owner', { name });
    const page = async (offset: number) => (await t.http.get(`/api/users?limit=2&offset=${offset}&role=owner`).set(as(reader)).expect(200)).body;
    const pages = [await page(0), await page(2), await page(4), await page(6)];
    expect(pages.map((answer) => answer.total)).toEqual([5, 5, 5, 5]);
    // Case does not decide the order; the manager is not an owner; past the end is an empty page.
    expect(pages.map((answer) => answer.items.map((user: User) => user.name))).toEqual([['adam Berg', 'Bodil Ås'], ['Cecilia Ek', 'David Sjö'], ['Erik Lund'], []]);
    const bad = await t.http.get('/api/users?limit=501').set(as(reader)).expect(400);
    expect(bad.body.details[0].field).toBe('limit');
  });
});
