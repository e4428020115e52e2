import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Actor } from '../../../common/auth/actor';
import { CurrentActor } from '../../../common/auth/auth.decorators';
import { UuidPipe } from '../../../common/http/uuid.pipe';
import type { FollowUpDossier } from './dossier';
import { DossierQuery, FollowUpDossierDoc } from './dossier.dto';
import { DossierService } from './dossier.service';

@ApiTags('follow-up')
@ApiBearerAuth()
@Controller('evaluations')
export class DossierController {
  constructor(private readonly dossier: DossierService) {}

  /** JSON unless the client prefers HTML (a browser, or `Accept: text/html`). */
  @Get(':id/follow-up')
  @ApiOperation({ summary: 'The follow-up dossier of an evaluation, as JSON or a printable page' })
  @ApiProduces('application/json', 'text/html')
  @ApiOkResponse({
    type: FollowUpDossierDoc,
    description: 'The follow-up dossier as JSON, or with Accept: text/html a printable page in the caller\'s language or ?locale=',
  })
  async get(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Query() query: DossierQuery,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<FollowUpDossier | string> {
    // One URL, two representations: caches must key on Accept.
    response.vary('Accept');
    if (request.accepts(['application/json', 'text/html']) !== 'text/html') return this.dossier.get(actor, id);
    const page = await this.dossier.page(actor, id, query.locale);
    // Only now: an error on the way is answered by the error filter, as JSON.
    response.type('html');
    return page;
  }
}
