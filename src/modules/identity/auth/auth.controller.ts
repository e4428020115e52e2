import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Request } from 'express';
import type { Actor } from '../../../common/auth/actor';
import { CurrentActor, Public } from '../../../common/auth/auth.decorators';
import { LoginDto, LoginResponse, LoginView, MeResponse, MeView } from './auth.dto';
import { AuthService } from './auth.service';

@ApiTags('auth')
@Controller()
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('auth/login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in with e-mail and password; answers a bearer token' })
  @ApiOkResponse({ type: LoginResponse })
  @ApiUnauthorizedResponse({ description: 'Wrong e-mail or password (one message for both)' })
  @ApiTooManyRequestsResponse({ description: 'Too many attempts from this address for this e-mail' })
  login(@Req() request: Request, @Body() body: LoginDto): Promise<LoginView> {
    return this.auth.login(request.ip ?? 'unknown', body.email, body.password);
  }

  @ApiBearerAuth()
  @Get('me')
  @ApiOperation({ summary: 'The signed-in user and their municipality' })
  @ApiOkResponse({ type: MeResponse })
  me(@CurrentActor() actor: Actor): Promise<MeView> {
    return this.auth.me(actor);
  }
}
