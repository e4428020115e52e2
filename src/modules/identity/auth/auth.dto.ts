import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { MunicipalityView } from '../municipalities/municipality.dto';
import { UserView } from '../users/user.dto';

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

export class LoginResponse {
  @ApiProperty({ description: 'Send as `Authorization: Bearer <token>`' }) accessToken: string;
  @ApiProperty({ description: 'Seconds until the token expires' }) expiresIn: number;
  @ApiProperty({ type: UserView }) user: UserView;
}

export class MeResponse {
  @ApiProperty({ type: UserView }) user: UserView;
  @ApiProperty({ type: MunicipalityView }) municipality: MunicipalityView;
}
