import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../../common/auth/actor';
import { CurrentActor, RequireRole } from '../../../common/auth/auth.decorators';
import { UuidPipe } from '../../../common/http/uuid.pipe';
import type { Page } from '../../../common/pagination/pagination.dto';
import { CreateUserDto, UpdateUserDto, UserListQuery, UserPageDoc, UserViewDoc } from './user.dto';
import type { UserView } from './user-view';
import { UsersService } from './users.service';

@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiOperation({ summary: "The users of the caller's municipality, by name" })
  @ApiOkResponse({ type: UserPageDoc })
  list(@CurrentActor() actor: Actor, @Query() query: UserListQuery): Promise<Page<UserView>> {
    return this.users.list(actor, query);
  }

  @Post()
  @RequireRole('admin')
  @ApiOperation({ summary: 'Create a user of the municipality (admin)' })
  @ApiCreatedResponse({ type: UserViewDoc })
  create(@CurrentActor() actor: Actor, @Body() body: CreateUserDto): Promise<UserView> {
    return this.users.create(actor, body);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One user of the municipality' })
  @ApiOkResponse({ type: UserViewDoc })
  get(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string): Promise<UserView> {
    return this.users.get(actor, id);
  }

  /** Admins change anyone; other users their own name, language, password and digest choices. */
  @Patch(':id')
  @ApiOperation({ summary: 'Change a user: admins anyone, others their own name, language, password and digests' })
  @ApiOkResponse({ type: UserViewDoc })
  update(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Body() body: UpdateUserDto): Promise<UserView> {
    return this.users.update(actor, id, body);
  }
}
