import { Injectable } from '@nestjs/common';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { AppConfig } from '../../config';

/** Every kind of e-mail a link can turn off: the notifications and the two digests. */
export const UNSUBSCRIBE_KINDS = ['assigned', 'reminder', 'overdue', 'leadershipDigest', 'ownerDigest'] as const;
export type UnsubscribeKind = (typeof UNSUBSCRIBE_KINDS)[number];

export interface UnsubscribeUser {
  id: string;
  municipalityId: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * One-click unsubscribe (RFC 8058): a link that names a user and a kind of e-mail, signed with
 * HMAC-SHA256 under the session secret, so it turns off exactly that kind for that user and a
 * changed letter makes it worthless. It needs no session: the mail client posts it on its own.
 */
@Injectable()
export class UnsubscribeLinks {
  constructor(private readonly config: AppConfig) {}

  url(user: UnsubscribeUser, kind: UnsubscribeKind): string {
    return `${this.config.appUrl}/unsubscribe/${user.municipalityId}.${user.id}.${kind}.${this.signature(user, kind)}`;
  }

  /** `List-Unsubscribe` and `List-Unsubscribe-Post` for an e-mail of this kind to this user. */
  headers(user: UnsubscribeUser, kind: UnsubscribeKind): Record<string, string> {
    return { 'List-Unsubscribe': `<${this.url(user, kind)}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
  }

  /** The user and kind a token names, or null when it is malformed or its signature does not match. */
  read(token: string): { user: UnsubscribeUser; kind: UnsubscribeKind } | null {
    const [municipalityId, id, kind, signature, ...rest] = token.split('.');
    if (rest.length > 0 || !UUID.test(municipalityId ?? '') || !UUID.test(id ?? '') || !UNSUBSCRIBE_KINDS.includes(kind as UnsubscribeKind) || !signature) return null;
    const user = { id, municipalityId };
    const expected = Buffer.from(this.signature(user, kind as UnsubscribeKind));
    const given = Buffer.from(signature);
    return given.length === expected.length && timingSafeEqual(given, expected) ? { user, kind: kind as UnsubscribeKind } : null;
  }

  private signature(user: UnsubscribeUser, kind: UnsubscribeKind): string {
    return createHmac('sha256', this.config.sessionSecret).update(`unsubscribe:${user.municipalityId}:${user.id}:${kind}`).digest('base64url');
  }
}
