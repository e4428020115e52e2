import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import type { UserView } from './user-view';
import { IsBoolean, IsEmail, IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { ROLES } from '../../../common/auth/actor';
import type { Role } from '../../../common/auth/actor';
import { PaginationQuery } from '../../../common/pagination/pagination.dto';
import { LOCALES } from '../municipalities/municipality.entity';
import type { Locale } from '../municipalities/municipality.entity';
import { toBoolean, trim } from '../../../common/http/transforms';

export class CreateUserDto {
  @ApiProperty({ example: 'anna.berg@avesta.se' })
  @Transform(trim)
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(254)
  email: string;

  @ApiProperty({ example: 'Anna Berg' })
  @Transform(trim)
  @IsString()
  @MinLength(1, { message: 'name must not be empty' })
  @MaxLength(200)
  name: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES, { message: `role must be one of ${ROLES.join(', ')}` })
  role: Role;

  @ApiPropertyOptional({ example: 'Barn- och utbildningsförvaltningen' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(200)
  unit?: string;

  @ApiPropertyOptional({ enum: LOCALES, default: 'sv' })
  @IsOptional()
  @IsIn(LOCALES, { message: `locale must be one of ${LOCALES.join(', ')}` })
  locale?: Locale;

  @ApiProperty({ description: 'At least 10 characters, judged by a strength estimator with the user\'s name and e-mail as context', minLength: 10 })
  @IsString()
  @MaxLength(200)
  password: string;

  @ApiPropertyOptional({ description: 'Default: true for admin, manager and viewer' })
  @IsOptional()
  @IsBoolean()
  leadershipDigest?: boolean;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  ownerDigest?: boolean;
}

export class UpdateUserDto {
  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(1, { message: 'name must not be empty' })
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ enum: ROLES, description: 'Admins only' })
  @IsOptional()
  @IsIn(ROLES, { message: `role must be one of ${ROLES.join(', ')}` })
  role?: Role;

  @ApiPropertyOptional({ nullable: true, type: String, description: 'Admins only' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(200)
  unit?: string | null;

  @ApiPropertyOptional({ enum: LOCALES })
  @IsOptional()
  @IsIn(LOCALES, { message: `locale must be one of ${LOCALES.join(', ')}` })
  locale?: Locale;

  @ApiPropertyOptional({ description: 'Admins only; false deactivates the user' })
  @IsOptional()
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({
    format: 'uuid',
    description:
      "Admins only, with active false or role viewer: the user who takes over this user's open action plans (moved in the same change). Without it, a user who owns open plans cannot be deactivated or made a viewer (409 listing them)",
  })
  @IsOptional()
  @IsUUID('all', { message: 'successorId must be a UUID' })
  successorId?: string;

  @ApiPropertyOptional({ description: 'A new password; it ends every earlier access token of the user' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  password?: string;

  @ApiPropertyOptional({ description: 'The current password: needed to change one\'s own password (not for an admin resetting another user\'s)' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  currentPassword?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  leadershipDigest?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  ownerDigest?: boolean;
}

/** What a user may change on their own account; the rest needs an admin. */
export const SELF_EDITABLE_USER_FIELDS: (keyof UpdateUserDto)[] = [
  'name',
  'locale',
  'password',
  'currentPassword',
  'leadershipDigest',
  'ownerDigest',
];

export class UserListQuery extends PaginationQuery {
  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional()
  @IsIn(ROLES, { message: `role must be one of ${ROLES.join(', ')}` })
  role?: Role;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean({ message: 'active must be true or false' })
  active?: boolean;
}

export class UserViewDoc implements UserView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() email: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiProperty({ nullable: true, type: String }) unit: string | null;
  @ApiProperty({ enum: LOCALES }) locale: Locale;
  @ApiProperty() active: boolean;
  @ApiProperty() leadershipDigest: boolean;
  @ApiProperty() ownerDigest: boolean;
  @ApiProperty({ nullable: true, type: Date, description: 'The last successful sign-in; null for someone who never signed in (an invited user)' }) lastLoginAt: Date | null;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
}

export class UserPageDoc {
  @ApiProperty({ type: [UserViewDoc] }) items: UserViewDoc[];
  @ApiProperty() total: number;
}
