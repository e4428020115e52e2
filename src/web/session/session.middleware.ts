import { RedisStore } from 'connect-redis';
import session from 'express-session';
import type { RequestHandler } from 'express';
import type { Redis } from 'ioredis';
import type { AppConfig } from '../../config';

export const SESSION_COOKIE = 'hp.sid';

/**
 * Server-side sessions for people in browsers: the cookie holds a signed id only, the session
 * lives in Redis (shared by every API process) and ends after the configured idle time, each
 * request pushing the end forward. Logout destroys it; a deactivation or a password change ends
 * it at the next request, since the session guard reads the user again every time.
 */
export function sessionMiddleware(config: AppConfig, redis: Redis): RequestHandler {
  const idleSeconds = config.sessionIdleMinutes * 60;
  return session({
    name: SESSION_COOKIE,
    secret: config.sessionSecret,
    store: new RedisStore({ client: redis, prefix: 'web-session:', ttl: idleSeconds }),
    resave: false,
    saveUninitialized: false,
    rolling: true,
    cookie: {
      httpOnly: true,
      sameSite: 'lax',
      secure: config.appUrl.startsWith('https:'),
      maxAge: idleSeconds * 1000,
      path: '/',
    },
  });
}
