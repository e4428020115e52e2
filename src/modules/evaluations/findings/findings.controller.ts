import { Body, Controller, Delete, HttpCode, Param, Patch, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../../common/auth/actor';
import { CurrentActor, RequireRole } from '../../../common/auth/auth.decorators';
import { UuidPipe } from '../../../common/http/uuid.pipe';
import { ReferencesService } from '../references/references.service';
import { DismissFindingDto, FindingViewDto, UpdateFindingDto } from './finding.dto';
import { FindingsService } from './findings.service';

@ApiTags('findings')
@ApiBearerAuth()
@Controller()
export class FindingsController {
  constructor(
    private readonly findings: FindingsService,
    private readonly references: ReferencesService,
  ) {}

  @Patch('findings/:id')
  @RequireRole('manager')
  @ApiOkResponse({ type: FindingViewDto, description: 'Edit the text or sub-question, or move it (position)' })
  update(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Body() body: UpdateFindingDto): Promise<FindingViewDto> {
    return this.findings.update(actor, id, body);
  }

  @Delete('findings/:id')
  @HttpCode(204)
  @RequireRole('manager')
  @ApiNoContentResponse({ description: 'Deleted; 409 while action plans link to it' })
  delete(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string): Promise<void> {
    return this.findings.delete(actor, id);
  }

  @Put('findings/:id/dismissal')
  @RequireRole('manager')
  @ApiOkResponse({ type: FindingViewDto, description: 'Decide to take no action, with a reason' })
  dismiss(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Body() body: DismissFindingDto): Promise<FindingViewDto> {
    return this.findings.dismiss(actor, id, body.reason);
  }

  @Delete('findings/:id/dismissal')
  @RequireRole('manager')
  @ApiOkResponse({ type: FindingViewDto, description: 'Undo a dismissal' })
  undismiss(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string): Promise<FindingViewDto> {
    return this.findings.undismiss(actor, id);
  }

  @Delete('references/:id')
  @HttpCode(204)
  @RequireRole('manager')
  @ApiNoContentResponse()
  deleteReference(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string): Promise<void> {
    return this.references.delete(actor, id);
  }
}
