import { JwtService } from '@nestjs/jwt';
import { AppConfig } from '../../src/config';
import { AuthService } from '../../src/modules/identity/auth/auth.service';
import { User } from '../../src/modules/identity/users/user.entity';
import { makeMunicipality, makeUser, TEST_PASSWORD } from '../utils/factories';
import { createTestApp, TestApp } from '../utils/test-app';

const NEW_PASSWORD = 'Nytt-lösen-för-Hedemora-77';

/** A password change ends every earlier token; changing one's own needs the current password. */
describe('credentials', () => {
  let t: TestApp;
  let admin: User;
  let municipalityId: string;
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  const loginAs = async (email: string, password: string) => {
    const response = await t.http.post('/api/auth/login').send({ email, password });
    expect(response.status).toBe(200);
    return response.body.accessToken as string;
  };

  beforeAll(async () => {
    t = await createTestApp();
    const avesta = await makeMunicipality(t.dataSource, { code: '2084' });
    municipalityId = avesta.id;
    admin = await makeUser(t.dataSource, avesta, 'admin');
  });

  afterAll(() => t.close());

  describe('changing one\'s own password', () => {
    it('needs the current password, named as the missing field, and changes nothing without it', async () => {
      const owner = await makeUser(t.dataSource, { id: municipalityId }, 'owner');
      const token = await loginAs(owner.email, TEST_PASSWORD);
      const missing = await t.http.patch(`/api/users/${owner.id}`).set(bearer(token)).send({ password: NEW_PASSWORD });
      expect(missing.status).toBe(400);
      expect(missing.body.details).toEqual([{ field: 'currentPassword', message: 'currentPassword is needed to change your own password' }]);
      const wrong = await t.http.patch(`/api/users/${owner.id}`).set(bearer(token)).send({ password: NEW_PASSWORD, currentPassword: 'Inte-mitt-lösen-1' });
      expect(wrong.status).toBe(400);
      expect(wrong.body.details).toEqual([{ field: 'currentPassword', message: 'currentPassword is not your current password' }]);
      // Neither attempt changed anything: the old password still signs in, the token still works.
      await loginAs(owner.email, TEST_PASSWORD);
      expect((await t.http.get('/api/me').set(bearer(token))).status).toBe(200);
    });

    it('ends every earlier token, this one included; the new password signs in', async () => {
      const owner = await makeUser(t.dataSource, { id: municipalityId }, 'owner');
      const first = await loginAs(owner.email, TEST_PASSWORD);
      const second = await loginAs(owner.email, TEST_PASSWORD);
      const changed = await t.http.patch(`/api/users/${owner.id}`).set(bearer(first)).send({ password: NEW_PASSWORD, currentPassword: TEST_PASSWORD });
      expect(changed.status).toBe(200);
      for (const old of [first, second]) {
        const response = await t.http.get('/api/me').set(bearer(old));
        expect(response.status).toBe(401);
        expect(response.body.code).toBe('AUTH.UNAUTHENTICATED');
      }
      expect((await t.http.post('/api/auth/login').send({ email: owner.email, password: TEST_PASSWORD })).status).toBe(401);
      const fresh = await loginAs(owner.email, NEW_PASSWORD);
      expect((await t.http.get('/api/me').set(bearer(fresh))).body.user.id).toBe(owner.id);
    });

    it('counts wrong current passwords against the account, like failed logins', async () => {
      const owner = await makeUser(t.dataSource, { id: municipalityId }, 'owner');
      const token = t.tokenFor(owner);
      for (let attempt = 1; attempt <= 10; attempt++) {
        const response = await t.http.patch(`/api/users/${owner.id}`).set(bearer(token)).send({ password: NEW_PASSWORD, currentPassword: `Gissning-nr-${attempt}` });
        expect(response.status).toBe(400);
      }
      const blocked = await t.http.patch(`/api/users/${owner.id}`).set(bearer(token)).send({ password: NEW_PASSWORD, currentPassword: TEST_PASSWORD });
      expect(blocked.status).toBe(429);
    });
  });

  describe('an admin resetting another user\'s password', () => {
    it('needs no current password and ends that user\'s tokens, not the admin\'s', async () => {
      const viewer = await makeUser(t.dataSource, { id: municipalityId }, 'viewer');
      const viewerToken = await loginAs(viewer.email, TEST_PASSWORD);
      const adminToken = t.tokenFor(admin);
      const reset = await t.http.patch(`/api/users/${viewer.id}`).set(bearer(adminToken)).send({ password: NEW_PASSWORD });
      expect(reset.status).toBe(200);
      expect((await t.http.get('/api/me').set(bearer(viewerToken))).status).toBe(401);
      expect((await t.http.get('/api/me').set(bearer(adminToken))).status).toBe(200);
      await loginAs(viewer.email, NEW_PASSWORD);
    });

    it('keeps tokens alive when anything but the password changes', async () => {
      const viewer = await makeUser(t.dataSource, { id: municipalityId }, 'viewer');
      const viewerToken = await loginAs(viewer.email, TEST_PASSWORD);
      await t.http.patch(`/api/users/${viewer.id}`).set(bearer(t.tokenFor(admin))).send({ name: 'Vera Visare', unit: 'Ekonomi' }).expect(200);
      expect((await t.http.get('/api/me').set(bearer(viewerToken))).status).toBe(200);
    });
  });

  it.each([
    ['Password12', {}, 'password is too easy to guess: This is a commonly used password'],
    ['aaaaaaaaa1', {}, 'password is too easy to guess: Repeated characters'],
    ['Linnea.Rask2084', { name: 'Linnea Rask' }, 'password must not be built from your own name or e-mail address'],
  ])('refuses the weak password %s for a new user, saying why, and saves nothing', async (password, extra, reason) => {
    const before = await t.dataSource.getRepository(User).count();
    const response = await t.http
      .post('/api/users')
      .set(bearer(t.tokenFor(admin)))
      .send({ email: 'ny.person@avesta.example', name: 'Ny Person', role: 'viewer', password, ...extra });
    expect(response.status).toBe(400);
    expect(response.body.details).toEqual([{ field: 'password', message: expect.stringContaining(reason) }]);
    expect(await t.dataSource.getRepository(User).count()).toBe(before);
  });

  it('refuses a correctly signed token that carries no expiry', async () => {
    const viewer = await makeUser(t.dataSource, { id: municipalityId }, 'viewer');
    const signer = new JwtService({ secret: t.app.get(AppConfig).jwtSecret });
    const claims = { sub: viewer.id, mun: municipalityId, ver: 0 };
    expect((await t.http.get('/api/me').set(bearer(signer.sign(claims, { expiresIn: 3600 })))).status).toBe(200);
    const forever = await t.http.get('/api/me').set(bearer(signer.sign(claims)));
    expect(forever.status).toBe(401);
    expect(forever.body.code).toBe('AUTH.UNAUTHENTICATED');
  });

  it('offers the same check to other kinds of session (web pages): credentials of before a change no longer name an actor', async () => {
    const auth = t.app.get(AuthService);
    const owner = await makeUser(t.dataSource, { id: municipalityId }, 'owner');
    const signedIn = await auth.verifyLogin('203.0.113.9', owner.email, TEST_PASSWORD);
    await expect(auth.actorFor(signedIn.credentials)).resolves.toEqual({ userId: owner.id, municipalityId, role: 'owner' });
    await t.http.patch(`/api/users/${owner.id}`).set(bearer(t.tokenFor(admin))).send({ password: NEW_PASSWORD }).expect(200);
    await expect(auth.actorFor(signedIn.credentials)).rejects.toMatchObject({ code: 'AUTH.UNAUTHENTICATED' });
  });
});
