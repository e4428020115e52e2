import { csrfSync } from 'csrf-sync';
import type { Request } from 'express';

/**
 * The synchroniser token pattern (csrf-sync): one token per session, kept in the session store,
 * sent back by every form that changes something as the hidden field `_csrf`.
 */
export const csrf = csrfSync({
  getTokenFromState: (request: Request) => request.session.csrfToken,
  storeTokenInState: (request: Request, token) => {
    request.session.csrfToken = token;
  },
  getTokenFromRequest: (request: Request) => (request.body as Record<string, unknown> | undefined)?._csrf as string | undefined,
  size: 32,
});
