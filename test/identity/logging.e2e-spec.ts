import { Writable } from 'node:stream';
import { makeMunicipality, makeUser, TEST_PASSWORD } from '../utils/factories';
import { createTestApp, TestApp } from '../utils/test-app';

describe('logs', () => {
  let t: TestApp;
  const lines: string[] = [];
  const capture = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });

  beforeAll(async () => {
    t = await createTestApp({ LOG_LEVEL: 'info' }, capture);
  });

  afterAll(() => t.close());

  it('are JSON lines with a request id, and name no password, token or e-mail address', async () => {
    const municipality = await makeMunicipality(t.dataSource);
    const user = await makeUser(t.dataSource, municipality, 'admin', { email: 'lena.logg@avesta.example' });
    const login = await t.http
      .post('/api/auth/login')
      .set('X-Request-Id', 'req-from-proxy-1')
      .send({ email: user.email, password: TEST_PASSWORD })
      .expect(200);
    await t.http.post('/api/auth/login').send({ email: user.email, password: 'Fel-lösenord-99' }).expect(401);
    await t.http.get('/api/me').set('Authorization', `Bearer ${login.body.accessToken}`).expect(200);

    const entries = lines.map((line) => JSON.parse(line));
    const requests = entries.filter((entry) => entry.req);
    expect(requests.map((entry) => `${entry.req.method} ${entry.req.url} ${entry.res.statusCode}`)).toEqual([
      'POST /api/auth/login 200',
      'POST /api/auth/login 401',
      'GET /api/me 200',
    ]);
    expect(requests[0].req.id).toBe('req-from-proxy-1');
    expect(requests[2].req.id).toMatch(/^[0-9a-f-]{36}$/);

    const everything = lines.join('\n');
    for (const secret of [TEST_PASSWORD, 'Fel-lösenord-99', user.email, 'lena.logg', login.body.accessToken]) {
      expect(everything).not.toContain(secret);
    }
  });
});
