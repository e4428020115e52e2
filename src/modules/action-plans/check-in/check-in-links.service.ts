import { HttpStatus, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { createSecretKey, hkdfSync } from 'node:crypto';
import { Clock } from '../../../common/clock';
import { DomainError } from '../../../common/errors/domain-error';
import { AppConfig } from '../../../config';
import { AuthService, SessionUser } from '../../identity/auth/auth.service';
import type { Locale } from '../../identity/municipalities/municipality.constants';
import { ActionPlanView } from '../plans/action-plan.dto';
import { ActionPlansService } from '../plans/action-plans.service';

/** The audience of a check-in token: nothing else accepts it, and it accepts nothing else. */
const AUDIENCE = 'handlingsplan:check-in';
/** A check-in token's own key, derived from JWT_SECRET: an API token never verifies as one, nor the other way round. */
const KEY_INFO = 'handlingsplan check-in link v1';

/** Why a check-in link does not work; the page says it in words. */
export const CHECK_IN_REFUSALS = ['expired', 'invalid', 'revoked'] as const;
export type CheckInRefusal = (typeof CHECK_IN_REFUSALS)[number];

export enum CheckInErrorCode {
  Refused = 'CHECK_IN.REFUSED',
}

export class CheckInRefusedError extends DomainError {
  constructor(
    readonly reason: CheckInRefusal,
    /** The language of the owner the link was made for, when the link is theirs (signed, if expired or handed on); its refusal speaks it. */
    readonly ownerLocale: Locale | null = null,
  ) {
    super(HttpStatus.FORBIDDEN, CheckInErrorCode.Refused, `This check-in link does not work: ${reason}`);
  }
}

/** What a valid link grants: posting progress on this one plan, as this owner. */
export interface CheckInGrant {
  /** The owner, as whom the update is recorded. */
  owner: SessionUser;
  plan: ActionPlanView;
}

interface CheckInClaims {
  sub: string;
  /** The plan. */
  pid: string;
  /** The owner's municipality. */
  mid: string;
  /** The owner's credentials version when the link was made: a password change ends the link. */
  cv: number;
  iat: number;
  exp: number;
}

/**
 * "Rapportera läge" links: a signed, expiring capability to post progress updates on one plan
 * as its owner, without logging in. A JSON Web Token (HS256, through @nestjs/jwt) with its own
 * key and audience; the link works while the token is unexpired, the user is active with the
 * same password, and still owns the plan. Other modules put `urlFor` into their e-mails.
 */
@Injectable()
export class CheckInLinks {
  private readonly jwt: JwtService;

  constructor(
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly auth: AuthService,
    private readonly plans: ActionPlansService,
  ) {
    // A key object, not bytes: given bytes, jsonwebtoken tries to read them as a private or
    // public key on every token before taking them as a secret.
    const key = createSecretKey(Buffer.from(hkdfSync('sha256', config.jwtSecret, 'handlingsplan', KEY_INFO, 32)));
    this.jwt = new JwtService({ secretOrKeyProvider: () => key, signOptions: { algorithm: 'HS256' }, verifyOptions: { algorithms: ['HS256'] } });
  }

  /** The link for the owner's e-mail about this plan; it works for `CHECK_IN_LINK_DAYS` from now. */
  async urlFor(plan: { id: string; municipalityId: string }, owner: { id: string }): Promise<string> {
    const forOwner = await this.linksFor(plan.municipalityId, owner.id);
    return forOwner(plan.id);
  }

  /**
   * One owner's links for several plans, reading the owner once (a digest lists many plans). A
   * caller that has just read the owner's credentials version (a digest, with its recipient) gives
   * it; a link signed with a version that has since changed is refused as revoked.
   */
  async linksFor(municipalityId: string, ownerId: string, knownCredentialsVersion?: number): Promise<(planId: string) => string> {
    const credentialsVersion = knownCredentialsVersion ?? (await this.auth.currentCredentials({ userId: ownerId, municipalityId, role: 'owner' })).credentialsVersion;
    const iat = Math.floor(this.clock.now().getTime() / 1000);
    const exp = iat + this.config.checkInLinkDays * 24 * 3600;
    return (planId) => {
      const claims: Omit<CheckInClaims, 'sub'> = { pid: planId, mid: municipalityId, cv: credentialsVersion, iat, exp };
      const token = this.jwt.sign(claims, { subject: ownerId, audience: AUDIENCE });
      return `${this.config.appUrl}/check-in/${planId}?token=${token}`;
    };
  }

  /**
   * What the token grants on the plan of the address, or CheckInRefusedError: `expired`, `invalid`
   * (tampered, not a check-in token, or made for another plan than the address names), `revoked`
   * (the user is deactivated, changed password, or no longer owns the plan).
   */
  async open(planId: string, token: string): Promise<CheckInGrant> {
    const { claims, expired } = this.verify(token);
    if (claims.pid !== planId) throw new CheckInRefusedError('invalid');
    const owner = await this.auth.sessionUser({ userId: claims.sub, municipalityId: claims.mid, credentialsVersion: claims.cv });
    if (expired) throw new CheckInRefusedError('expired', owner?.locale ?? null);
    if (!owner) throw new CheckInRefusedError('revoked');
    const plan = await this.plans.get(owner.actor, planId).catch(() => null);
    if (!plan || plan.owner.id !== owner.actor.userId) throw new CheckInRefusedError('revoked', owner.locale);
    return { owner, plan };
  }

  /** The claims of a link this app signed, and whether its time is over (its owner is still known then, for the refusal's language). */
  private verify(token: string): { claims: CheckInClaims; expired: boolean } {
    const now = Math.floor(this.clock.now().getTime() / 1000);
    let claims: Partial<CheckInClaims>;
    try {
      claims = this.jwt.verify<CheckInClaims>(token, { audience: AUDIENCE, clockTimestamp: now, ignoreExpiration: true });
    } catch {
      throw new CheckInRefusedError('invalid');
    }
    const wellFormed =
      typeof claims.sub === 'string' && typeof claims.pid === 'string' && typeof claims.mid === 'string' && Number.isInteger(claims.cv) && Number.isInteger(claims.exp);
    if (!wellFormed) throw new CheckInRefusedError('invalid');
    // As jsonwebtoken tells expiry: over once the clock reaches `exp`.
    return { claims: claims as CheckInClaims, expired: now >= claims.exp! };
  }
}
