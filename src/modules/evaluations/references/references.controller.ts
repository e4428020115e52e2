import { Body, Controller, Delete, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../../common/auth/actor';
import { CurrentActor, RequireRole } from '../../../common/auth/auth.decorators';
import { UuidPipe } from '../../../common/http/uuid.pipe';
import { CreateReferenceDto, ReferenceViewDto } from './reference.dto';
import type { ReferenceView } from './reference-view';
import { ReferencesService } from './references.service';

@ApiTags('references')
@ApiBearerAuth()
@Controller()
export class ReferencesController {
  constructor(private readonly references: ReferencesService) {}

  @Post('evaluations/:id/references')
  @RequireRole('manager')
  @ApiOperation({ summary: 'Name another municipality as a good example in an area of the evaluation' })
  @ApiCreatedResponse({ type: ReferenceViewDto })
  create(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Body() body: CreateReferenceDto): Promise<ReferenceView> {
    return this.references.create(actor, id, body);
  }

  @Delete('references/:id')
  @HttpCode(204)
  @RequireRole('manager')
  @ApiOperation({ summary: 'Remove a reference to another municipality' })
  @ApiNoContentResponse()
  delete(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string): Promise<void> {
    return this.references.delete(actor, id);
  }
}
