import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { Actor } from '../../../common/auth/actor';
import { AppConfig } from '../../../config';
import { Clock } from '../../../common/clock';
import { MunicipalitiesRepository } from '../municipalities/municipalities.repository';
import type { Locale } from '../municipalities/municipality.entity';
import { normaliseEmail } from '../users/email-address';
import { verifyAgainstDummy, verifyPassword } from '../users/password-hasher';
import { User } from '../users/user.entity';
import { UsersRepository } from '../users/users.repository';
import { toUserView } from '../users/user-view';
import type { UserView } from '../users/user-view';
import { toMunicipalityView } from '../municipalities/municipality-view';
import type { MunicipalityView } from '../municipalities/municipality-view';
import { LoginRateLimiter } from './login-rate-limiter';
import { invalidCredentials, unauthenticated } from '../identity.errors';
import { isDatabaseUnavailable } from '../../../database/postgres-errors';

/**
 * What a signed-in session rests on, whatever carries it (a bearer token, a web session): the
 * user, their municipality, and the version of their credentials when they signed in.
 */
export interface SessionCredentials {
  userId: string;
  municipalityId: string;
  /** The user's `credentialsVersion` at sign-in; a password change moves it on. */
  credentialsVersion: number;
}

/** What a page needs to know about the signed-in person, besides the actor. */
export interface SessionUser {
  actor: Actor;
  name: string;
  email: string;
  locale: Locale;
  municipality: { name: string; timezone: string };
}

interface TokenClaims {
  sub: string;
  mun: string;
  ver: number;
  exp?: number;
}

/** One answer for every failed login, so it does not tell which e-mail addresses exist. */
const badLogin = invalidCredentials;
const notSignedIn = unauthenticated;

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersRepository,
    private readonly municipalities: MunicipalitiesRepository,
    private readonly jwt: JwtService,
    private readonly rateLimiter: LoginRateLimiter,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async login(clientAddress: string, email: string, password: string): Promise<{ accessToken: string; expiresIn: number; user: UserView }> {
    const { user, credentials } = await this.verifyLogin(clientAddress, email, password);
    const claims: TokenClaims = { sub: credentials.userId, mun: credentials.municipalityId, ver: credentials.credentialsVersion };
    const accessToken = await this.jwt.signAsync(claims);
    return { accessToken, expiresIn: this.config.jwtExpiresInSeconds, user: toUserView(user) };
  }

  /**
   * Checks an e-mail and password under the login limits; the credentials to keep in whatever
   * session follows (a token here, a cookie session for the web pages).
   */
  async verifyLogin(clientAddress: string, email: string, password: string): Promise<{ user: User; credentials: SessionCredentials }> {
    const normalisedEmail = normaliseEmail(email);
    await this.rateLimiter.registerAttempt({ kind: 'address', normalisedEmail }, { kind: 'client', clientAddress });
    const found = await this.users.withCredentialsByEmail(normalisedEmail);
    if (found) await this.rateLimiter.registerAttempt({ kind: 'account', userId: found.id });
    const valid = found ? await verifyPassword(found.passwordHash, password) : await verifyAgainstDummy(password);
    if (!found || !valid || !found.active) throw badLogin();
    found.lastLoginAt = this.clock.now();
    await this.users.recordLogin(found.id, found.lastLoginAt);
    const { passwordHash: _hash, credentialsVersion, ...user } = found;
    return { user: user as User, credentials: { userId: user.id, municipalityId: user.municipalityId, credentialsVersion } };
  }

  /** The caller behind a bearer token. Tokens without an expiry are refused, however well signed. */
  async authenticate(token: string | undefined): Promise<Actor> {
    if (!token) throw notSignedIn();
    let claims: TokenClaims;
    try {
      claims = await this.jwt.verifyAsync<TokenClaims>(token);
    } catch {
      throw notSignedIn();
    }
    if (typeof claims.sub !== 'string' || typeof claims.mun !== 'string' || !Number.isInteger(claims.ver) || typeof claims.exp !== 'number') {
      throw notSignedIn();
    }
    return this.actorFor({ userId: claims.sub, municipalityId: claims.mun, credentialsVersion: claims.ver });
  }

  /**
   * The actor behind session credentials, checked on every request: the user is read again so
   * that a deactivation, a role change or a password change takes effect at once, not when the
   * session expires. 401 when the credentials no longer hold.
   */
  async actorFor(credentials: SessionCredentials): Promise<Actor> {
    const [user] = await this.users
      .sessionRow(credentials.userId)
      .catch(noUserUnlessDatabaseAway([]));
    if (!user || !user.active || user.municipalityId !== credentials.municipalityId || user.credentialsVersion !== credentials.credentialsVersion) {
      throw notSignedIn();
    }
    return { userId: user.id, municipalityId: user.municipalityId, role: user.role };
  }

  /**
   * The person behind a web session's credentials, with what the page shell shows; checked as
   * `actorFor` checks them (active, same municipality, same credentials version), on every
   * request. Null when they no longer hold.
   */
  async sessionUser(credentials: SessionCredentials): Promise<SessionUser | null> {
    const user = await this.users
      .sessionUser(credentials.userId, credentials.municipalityId)
      .catch(noUserUnlessDatabaseAway(null));
    if (!user?.active || user.credentialsVersion !== credentials.credentialsVersion) return null;
    return {
      actor: { userId: user.id, municipalityId: user.municipalityId, role: user.role },
      name: user.name,
      email: user.email,
      locale: user.locale,
      municipality: { name: user.municipalityName, timezone: user.municipalityTimezone },
    };
  }

  /** The signed-in user's credentials as they are now: a session goes on under them after the user's own password change. */
  async currentCredentials(actor: Actor): Promise<SessionCredentials> {
    const user = await this.users.credentialsOf(actor.municipalityId, actor.userId);
    return { userId: user.id, municipalityId: user.municipalityId, credentialsVersion: user.credentialsVersion };
  }

  async me(actor: Actor): Promise<{ user: UserView; municipality: MunicipalityView }> {
    const user = await this.users.byIdOrFail(actor.userId);
    const municipality = await this.municipalities.byIdOrFail(actor.municipalityId);
    return { user: toUserView(user), municipality: toMunicipalityView(municipality) };
  }
}

/**
 * For a failed read of the user behind a session: a subject that is no user id reads as no user
 * (`none`), while a database that is away is rethrown, to be a 503 rather than a sign-out.
 */
function noUserUnlessDatabaseAway<T>(none: T): (error: unknown) => T {
  return (error) => {
    if (isDatabaseUnavailable(error)) throw error;
    return none;
  };
}
