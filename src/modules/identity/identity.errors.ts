import { HttpStatus } from '@nestjs/common';
import { CommonErrorCode } from '../../common/errors/common.errors';
import { ConflictError, DomainError, NotFoundError, ValidationFailedError } from '../../common/errors/domain-error';

export enum IdentityErrorCode {
  UserNotFound = 'USER.NOT_FOUND',
  EmailTaken = 'USER.EMAIL_TAKEN',
  SelfLockout = 'USER.SELF_LOCKOUT',
  MunicipalityNotFound = 'MUNICIPALITY.NOT_FOUND',
  UnknownMunicipalityCode = 'MUNICIPALITY.UNKNOWN_CODE',
  MunicipalityExists = 'MUNICIPALITY.EXISTS',
  InvalidCredentials = 'AUTH.INVALID_CREDENTIALS',
  TooManyAttempts = 'AUTH.TOO_MANY_ATTEMPTS',
  CredentialsChanged = 'USER.CREDENTIALS_CHANGED',
}

export const userNotFound = () => new NotFoundError(IdentityErrorCode.UserNotFound, 'User not found');

export const emailTaken = () => new ConflictError(IdentityErrorCode.EmailTaken, 'A user with this e-mail address already exists');

export const selfLockout = () => new ConflictError(IdentityErrorCode.SelfLockout, 'You cannot deactivate yourself or change your own role');

/** The password changed after a link was issued under the earlier one; the link no longer works. */
export class CredentialsChangedError extends ConflictError {
  constructor() {
    super(IdentityErrorCode.CredentialsChanged, 'The password has changed since this link was issued');
  }
}

export const credentialsChanged = () => new CredentialsChangedError();

export const weakPassword = (weakness: string) => new ValidationFailedError([{ field: 'password', message: `password ${weakness}` }]);

export const municipalityNotFound = () => new NotFoundError(IdentityErrorCode.MunicipalityNotFound, 'Municipality not found');

/** 400: a code that is not on SCB's list is a bad value, not a missing row. */
export const unknownMunicipalityCode = (code: string) =>
  new DomainError(HttpStatus.BAD_REQUEST, IdentityErrorCode.UnknownMunicipalityCode, `No municipality has the code ${code}`);

export const municipalityExists = (name: string, code: string) => new ConflictError(IdentityErrorCode.MunicipalityExists, `${name} (${code}) already exists`);

export const invalidCredentials = () => new DomainError(HttpStatus.UNAUTHORIZED, IdentityErrorCode.InvalidCredentials, 'Wrong e-mail or password');

export const unauthenticated = () =>
  new DomainError(HttpStatus.UNAUTHORIZED, CommonErrorCode.Unauthenticated, 'Sign in first: the access token is missing, invalid or expired');

export const tooManyAttempts = () =>
  new DomainError(HttpStatus.TOO_MANY_REQUESTS, IdentityErrorCode.TooManyAttempts, 'Too many login attempts; wait a minute and try again');
