import { createTestApp, TestApp } from '../utils/test-app';
import { makeMunicipality, makeUser, TEST_PASSWORD } from '../utils/factories';
import { JwtService } from '@nestjs/jwt';
import { Municipality } from '../../src/modules/identity/municipalities/municipality.entity';
import { User } from '../../src/modules/identity/users/user.entity';

describe('authentication', () => {
  let t: TestApp;
  let municipality: Municipality;
  let admin: User;

  beforeAll(async () => {
    t = await createTestApp();
    municipality = await makeMunicipality(t.dataSource, { code: '2084' });
    admin = await makeUser(t.dataSource, municipality, 'admin', { email: 'Anna.Admin@Avesta.example' });
  });

  afterAll(() => t.close());

  it('logs in with the right password, in any letter case of the e-mail, and names the municipality', async () => {
    const login = await t.http.post('/api/auth/login').send({ email: 'anna.admin@avesta.example', password: TEST_PASSWORD }).expect(200);
    expect(login.body.user).toMatchObject({ id: admin.id, role: 'admin' });
    expect(login.body.user.passwordHash).toBeUndefined();

    const me = await t.http.get('/api/me').set('Authorization', `Bearer ${login.body.accessToken}`).expect(200);
    expect(me.body.user.id).toBe(admin.id);
    expect(me.body.municipality).toMatchObject({ code: '2084', name: 'Avesta kommun' });
  });

  it('answers one 401 message for a wrong password and for an unknown e-mail', async () => {
    const wrongPassword = await t.http.post('/api/auth/login').send({ email: admin.email, password: 'Fel-lösenord-1' }).expect(401);
    const unknownEmail = await t.http.post('/api/auth/login').send({ email: 'nobody@avesta.example', password: TEST_PASSWORD }).expect(401);
    expect(wrongPassword.body).toEqual(unknownEmail.body);
    expect(wrongPassword.body).toMatchObject({ statusCode: 401, code: 'AUTH.INVALID_CREDENTIALS', error: 'Unauthorized' });
  });

  it('refuses a deactivated user with the same 401', async () => {
    const former = await makeUser(t.dataSource, municipality, 'owner', { active: false });
    const response = await t.http.post('/api/auth/login').send({ email: former.email, password: TEST_PASSWORD }).expect(401);
    expect(response.body.code).toBe('AUTH.INVALID_CREDENTIALS');
  });

  it('rejects a login body without the fields, one message per field', async () => {
    const response = await t.http.post('/api/auth/login').send({ email: 'x@y.se', extra: 1 }).expect(400);
    expect(response.body.code).toBe('VALIDATION_FAILED');
    expect(response.body.details.map((detail: { field: string }) => detail.field).sort()).toEqual(['extra', 'password']);
  });

  it('answers 401 without a token, with a forged token, and with a token of a deactivated user', async () => {
    await t.http.get('/api/me').expect(401);
    const forged = new JwtService({ secret: 'x'.repeat(40) }).sign({ sub: admin.id, mun: municipality.id });
    const forgedResponse = await t.http.get('/api/me').set('Authorization', `Bearer ${forged}`).expect(401);
    expect(forgedResponse.body.code).toBe('AUTH.UNAUTHENTICATED');
    await t.http.get('/api/me').set('Authorization', 'Bearer not-a-jwt').expect(401);

    const leaver = await makeUser(t.dataSource, municipality, 'viewer');
    const token = t.tokenFor(leaver);
    await t.http.get('/api/me').set('Authorization', `Bearer ${token}`).expect(200);
    await t.dataSource.getRepository(User).update(leaver.id, { active: false });
    await t.http.get('/api/me').set('Authorization', `Bearer ${token}`).expect(401);
  });

  it('answers 429 after too many login attempts for one e-mail from one address', async () => {
    const email = 'target@avesta.example';
    for (let attempt = 1; attempt <= 10; attempt++) {
      await t.http.post('/api/auth/login').send({ email, password: 'Gissning-123' }).expect(401);
    }
    const blocked = await t.http.post('/api/auth/login').send({ email, password: 'Gissning-123' }).expect(429);
    expect(blocked.body.code).toBe('AUTH.TOO_MANY_ATTEMPTS');
    // Another account from the same address is not blocked by it.
    await t.http.post('/api/auth/login').send({ email: admin.email, password: TEST_PASSWORD }).expect(200);
  });

  it('sets helmet security headers', async () => {
    const response = await t.http.get('/api/health');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(response.headers['x-powered-by']).toBeUndefined();
  });
});
