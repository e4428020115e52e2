import { User } from '../../src/modules/identity/users/user.entity';
import { makeMunicipality, makeUser } from '../utils/factories';
import { createTestApp, TestApp } from '../utils/test-app';

const PASSWORD = 'Blåbärssylt-i-Avesta-2084';

/** E-mail addresses are normalised once (NFKC, lower case); the login limit counts per address, account and client. */
describe('e-mail normalisation and login limits', () => {
  let t: TestApp;
  let admin: User;
  const as = (user: User) => ({ Authorization: `Bearer ${t.tokenFor(user)}` });
  const login = (email: string, password: string, client = '203.0.113.7') =>
    t.http.post('/api/auth/login').set('X-Forwarded-For', client).send({ email, password });

  beforeAll(async () => {
    t = await createTestApp({ LOGIN_ATTEMPTS_PER_MINUTE: '10', LOGIN_ATTEMPTS_PER_MINUTE_PER_CLIENT: '15', TRUST_PROXY: 'loopback' });
    const avesta = await makeMunicipality(t.dataSource, { code: '2084' });
    admin = await makeUser(t.dataSource, avesta, 'admin');
  });

  afterAll(() => t.close());

  const createUser = async (email: string) => {
    const response = await t.http.post('/api/users').set(as(admin)).send({ email, name: 'Linnea Rask', role: 'owner', password: PASSWORD });
    expect(response.status).toBe(201);
    return response.body as { id: string; email: string };
  };

  it('stores an address in its normalised form and signs in by any form that normalises to it', async () => {
    const created = await createUser('Linnea.Rask@Avesta.Example');
    expect(created.email).toBe('linnea.rask@avesta.example');
    // Full-width letters (as some Asian keyboards type them) are the same address after NFKC.
    for (const typed of ['LINNEA.RASK@AVESTA.EXAMPLE', ' linnea.rask@avesta.example ', 'ｌｉｎｎｅａ.rask@avesta.example']) {
      const response = await login(typed, PASSWORD, '203.0.113.1');
      expect(response.status).toBe(200);
      expect(response.body.user.id).toBe(created.id);
    }
  });

  it('refuses a second user whose address normalises to a taken one', async () => {
    await createUser('sara.ek@avesta.example');
    const response = await t.http.post('/api/users').set(as(admin)).send({ email: 'ＳＡＲＡ.EK@avesta.example', name: 'Sara Ek', role: 'owner', password: PASSWORD });
    expect(response.status).toBe(409);
    expect(response.body.code).toBe('USER.EMAIL_TAKEN');
  });

  it('gives no extra guesses to an address spelt with a dotted capital İ once the plain one is blocked', async () => {
    await createUser('rl.linnea@avesta.example');
    for (let attempt = 1; attempt <= 10; attempt++) {
      expect((await login('rl.linnea@avesta.example', 'Fel-gissning-1', '203.0.113.2')).status).toBe(401);
    }
    expect((await login('rl.linnea@avesta.example', PASSWORD, '203.0.113.2')).status).toBe(429);
    // U+0130 is not an "i" in any lower-casing this service uses: that spelling is another (unknown) address.
    expect((await login('rl.lİnnea@avesta.example', PASSWORD, '203.0.113.2')).status).toBe(401);
    expect((await login('RL.LINNEA@AVESTA.EXAMPLE', PASSWORD, '203.0.113.2')).status).toBe(429);
  });

  it('counts attempts per account found, even when the address it was found by changes', async () => {
    const user = await createUser('bytt.adress@avesta.example');
    for (let attempt = 1; attempt <= 10; attempt++) {
      expect((await login('bytt.adress@avesta.example', 'Fel-gissning-1', `198.51.100.${attempt}`)).status).toBe(401);
    }
    await t.dataSource.getRepository(User).update(user.id, { email: 'ny.adress@avesta.example' });
    expect((await login('ny.adress@avesta.example', PASSWORD, '198.51.100.99')).status).toBe(429);
  });

  it('counts attempts per client address across every e-mail typed', async () => {
    const user = await createUser('per.klient@avesta.example');
    for (let attempt = 1; attempt <= 15; attempt++) {
      expect((await login(`gissning-${attempt}@avesta.example`, 'Fel-gissning-1', '192.0.2.50')).status).toBe(401);
    }
    const blocked = await login('per.klient@avesta.example', PASSWORD, '192.0.2.50');
    expect(blocked.status).toBe(429);
    expect(blocked.body.code).toBe('AUTH.TOO_MANY_ATTEMPTS');
    // The same account from another client is not blocked by it.
    expect((await login('per.klient@avesta.example', PASSWORD, '192.0.2.51')).body.user.id).toBe(user.id);
  });
});
