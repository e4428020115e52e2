import { createSecretKey } from 'node:crypto';
import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { AppConfig } from '../../config';
import { AuditModule } from '../audit/audit.module';
import { AuthController } from './auth/auth.controller';
import { AuthGuard } from './auth/auth.guard';
import { AuthService } from './auth/auth.service';
import { LoginRateLimiter } from './auth/login-rate-limiter';
import { MunicipalitiesRepository } from './municipalities/municipalities.repository';
import { MunicipalitiesService } from './municipalities/municipalities.service';
import { MunicipalityController } from './municipalities/municipality.controller';
import { UsersController } from './users/users.controller';
import { PasswordsService } from './users/passwords.service';
import { InvitationsService } from './users/invitations.service';
import { UsersRepository } from './users/users.repository';
import { UsersService } from './users/users.service';

@Module({
  imports: [
    AuditModule,
    JwtModule.registerAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => {
        // A key object made once: given the secret as text, jsonwebtoken first tries to read it
        // as a public key on every verification, and that failed attempt costs more than the HMAC.
        const key = createSecretKey(Buffer.from(config.jwtSecret, 'utf8'));
        return {
          secretOrKeyProvider: () => key,
          signOptions: { expiresIn: config.jwtExpiresInSeconds, algorithm: 'HS256' },
          verifyOptions: { algorithms: ['HS256'] },
        };
      },
    }),
  ],
  controllers: [AuthController, MunicipalityController, UsersController],
  providers: [AuthService, LoginRateLimiter, MunicipalitiesRepository, MunicipalitiesService, UsersRepository, UsersService, PasswordsService, InvitationsService, { provide: APP_GUARD, useClass: AuthGuard }],
  // AuthService: the web pages' sessions sign in and check credentials the way tokens do.
  exports: [AuthService, MunicipalitiesService, UsersService, PasswordsService, InvitationsService],
})
export class IdentityModule {}
