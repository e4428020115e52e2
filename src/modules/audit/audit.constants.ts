/** How a change came in when not through a signed-in session or API token: a check-in link from an e-mail. */
export const AUDIT_CHANNELS = ['email-link'] as const;
export type AuditChannel = (typeof AUDIT_CHANNELS)[number];
