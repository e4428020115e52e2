import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { MunicipalityViewDoc } from '../municipalities/municipality.dto';
import type { MunicipalityView } from '../municipalities/municipality-view';
import { UserViewDoc } from '../users/user.dto';
import type { UserView } from '../users/user-view';

export class LoginDto {
  @ApiProperty({ example: 'admin@avesta.example' })
  @IsString()
  @MinLength(1, { message: 'email must not be empty' })
  @MaxLength(254)
  email: string;

  @ApiProperty()
  @IsString()
  @MinLength(1, { message: 'password must not be empty' })
  @MaxLength(200)
  password: string;
}

/** The answer to a login. */
export interface LoginView {
  accessToken: string;
  expiresIn: number;
  user: UserView;
}

export class LoginResponse implements LoginView {
  @ApiProperty({ description: 'Send as `Authorization: Bearer <token>`' }) accessToken: string;
  @ApiProperty({ description: 'Seconds until the token expires' }) expiresIn: number;
  @ApiProperty({ type: UserViewDoc }) user: UserViewDoc;
}

/** Who is signed in, and where. */
export interface MeView {
  user: UserView;
  municipality: MunicipalityView;
}

export class MeResponse implements MeView {
  @ApiProperty({ type: UserViewDoc }) user: UserViewDoc;
  @ApiProperty({ type: MunicipalityViewDoc }) municipality: MunicipalityViewDoc;
}
