import { redactUrl } from './http-logger.options';

describe('the request line in the logs', () => {
  it('hides the token of a check-in link, a password-reset page and a calendar address, and nothing else', () => {
    const plan = '/check-in/6f1c2a4e-3b7d-4c59-9e0a-000000000001';
    expect(redactUrl(`${plan}?token=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln`)).toBe(`${plan}?token=[redacted]`);
    expect(redactUrl(`${plan}?lang=en&TOKEN=abc&x=1`)).toBe(`${plan}?lang=en&TOKEN=[redacted]&x=1`);
    expect(redactUrl('/password-reset/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-AbCd')).toBe('/password-reset/[redacted]');
    expect(redactUrl('/password-reset')).toBe('/password-reset');
    expect(redactUrl('/calendar/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-AbCd.ics')).toBe('/calendar/[redacted].ics');
    expect(redactUrl('/calendar/whatever')).toBe('/calendar/[redacted]');
    expect(redactUrl('/api/action-plans?ownerId=me&limit=20')).toBe('/api/action-plans?ownerId=me&limit=20');
  });
});
