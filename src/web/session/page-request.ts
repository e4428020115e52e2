import type { Request } from 'express';
import type { SessionUser } from '../../modules/identity/auth/auth.service';

declare module 'express-session' {
  interface SessionData {
    userId: string;
    municipalityId: string;
    /** The user's credentials version at login: a later password change ends this session. */
    credentialsVersion: number;
    // csrfToken: declared by csrf-sync, which keeps its synchroniser token there.
    /** One message for the next page (post-redirect-get). */
    flash: string;
    /** One problem for the next page, when a form that posts from a list was refused. */
    flashError: string;
    /** A refused dismissal of a finding, for the list to show again beside its field with what was typed. */
    refusedDismissal: { findingId: string; reason: string; message: string };
  }
}

/** A page request after the session guard: the signed-in person, or null on public pages. */
export type PageRequest = Request & { viewer: SessionUser | null };
