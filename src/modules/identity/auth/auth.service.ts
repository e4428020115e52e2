import { HttpStatus, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Actor } from '../../../common/auth/actor';
import { DomainError } from '../../../common/errors/domain-error';
import { AppConfig } from '../../../config';
import { Municipality } from '../municipalities/municipality.entity';
import { normaliseEmail } from '../users/email-address';
import { verifyAgainstDummy, verifyPassword } from '../users/password-hasher';
import { User } from '../users/user.entity';
import { LoginRateLimiter } from './login-rate-limiter';

interface TokenClaims {
  sub: string;
  mun: string;
}

/** One answer for every failed login, so it does not tell which e-mail addresses exist. */
const badLogin = () => new DomainError(HttpStatus.UNAUTHORIZED, 'AUTH.INVALID_CREDENTIALS', 'Wrong e-mail or password');
const notSignedIn = () =>
  new DomainError(HttpStatus.UNAUTHORIZED, 'AUTH.UNAUTHENTICATED', 'Sign in first: the access token is missing, invalid or expired');

@Injectable()
export class AuthService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jwt: JwtService,
    private readonly rateLimiter: LoginRateLimiter,
    private readonly config: AppConfig,
  ) {}

  async login(clientAddress: string, email: string, password: string): Promise<{ accessToken: string; expiresIn: number; user: User }> {
    const normalisedEmail = normaliseEmail(email);
    await this.rateLimiter.registerAttempt({ kind: 'address', normalisedEmail }, { kind: 'client', clientAddress });
    const found = await this.dataSource
      .getRepository(User)
      .createQueryBuilder('user')
      .addSelect('user.passwordHash')
      .where('user.email = :email', { email: normalisedEmail })
      .getOne();
    if (found) await this.rateLimiter.registerAttempt({ kind: 'account', userId: found.id });
    const valid = found ? await verifyPassword(found.passwordHash, password) : await verifyAgainstDummy(password);
    if (!found || !valid || !found.active) throw badLogin();
    const { passwordHash: _hidden, ...user } = found;
    const claims: TokenClaims = { sub: user.id, mun: user.municipalityId };
    const accessToken = await this.jwt.signAsync(claims);
    return { accessToken, expiresIn: this.config.jwtExpiresInSeconds, user: user as User };
  }

  /**
   * The caller behind a bearer token. The user is read again on every request so that a
   * deactivation or a role change takes effect at once, not when the token expires.
   */
  async authenticate(token: string | undefined): Promise<Actor> {
    if (!token) throw notSignedIn();
    let claims: TokenClaims;
    try {
      claims = await this.jwt.verifyAsync<TokenClaims>(token);
    } catch {
      throw notSignedIn();
    }
    if (typeof claims.sub !== 'string' || typeof claims.mun !== 'string') throw notSignedIn();
    const user = await this.dataSource
      .getRepository(User)
      .findOne({ where: { id: claims.sub }, select: { id: true, municipalityId: true, role: true, active: true } })
      .catch(() => null);
    if (!user || !user.active || user.municipalityId !== claims.mun) throw notSignedIn();
    return { userId: user.id, municipalityId: user.municipalityId, role: user.role };
  }

  async me(actor: Actor): Promise<{ user: User; municipality: Municipality }> {
    const user = await this.dataSource.getRepository(User).findOneByOrFail({ id: actor.userId });
    const municipality = await this.dataSource.getRepository(Municipality).findOneByOrFail({ id: actor.municipalityId });
    return { user, municipality };
  }
}
