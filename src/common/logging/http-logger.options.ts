import { randomUUID } from 'node:crypto';
import type { Options } from 'pino-http';
import type { LogLevel } from '../../config/app-config';

/**
 * A request's address as logged: a link's secret (the check-in link's `token` parameter, the
 * password-reset page's path, the calendar address) is replaced, since whoever reads the logs must
 * not be able to use it.
 */
export function redactUrl(url: string): string {
  return url
    .replace(/([?&]token=)[^&#]*/gi, '$1[redacted]')
    .replace(/^(\/password-reset\/)[^/?#]+/, '$1[redacted]')
    .replace(/^(\/calendar\/)[^/?#]+?(\.ics)?(?=$|[?#])/, '$1[redacted]$2');
}

/**
 * JSON logs with a request id on every line. Only the request line is logged: never bodies
 * (passwords), tokens, cookies or e-mail addresses.
 */
export function httpLoggerOptions(level: LogLevel): Options {
  return {
    level,
    // Reuse a caller's request id so one id follows a request through proxies.
    genReqId: (request) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && /^[\w-]{1,64}$/.test(given) ? given : randomUUID();
    },
    serializers: {
      req: (request: { id: string; method: string; url: string }) => ({ id: request.id, method: request.method, url: redactUrl(request.url) }),
      res: (response: { statusCode: number }) => ({ statusCode: response.statusCode }),
    },
    redact: ['req.headers.authorization', 'req.headers.cookie'],
    autoLogging: { ignore: (request) => request.url === '/api/health' },
  };
}
