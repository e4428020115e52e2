import { Body, Controller, Get, HttpCode, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Actor } from '../../common/auth/actor';
import { CurrentActor, RequireRole } from '../../common/auth/auth.decorators';
import { DIGEST_KINDS } from './digest-delivery.entity';
import { DigestPreviewService } from './digest-preview.service';
import type { Page } from '../../common/pagination/pagination.dto';
import { DeliveryPageDoc, DeliveryQuery, DispatchResultDoc, PreviewQuery, SendDigestsDto } from './digests.dto';
import type { DeliveryView, DispatchResult } from './digest-delivery-view';
import { DigestsService } from './digests.service';

@ApiTags('digests')
@ApiBearerAuth()
@Controller('digests')
@RequireRole('manager')
export class DigestsController {
  constructor(
    private readonly digests: DigestsService,
    private readonly previews: DigestPreviewService,
  ) {}

  @Get('preview')
  @ApiOperation({ summary: 'The digest a user would get now, as HTML, text or its view model' })
  @ApiProduces('text/html', 'text/plain', 'application/json')
  @ApiOkResponse({ description: 'The digest the user would get now: the HTML part, the text part, or the view model as JSON' })
  async preview(@CurrentActor() actor: Actor, @Query() query: PreviewQuery, @Res({ passthrough: true }) response: Response): Promise<unknown> {
    const { view, mail } = await this.previews.preview(actor, query.kind, query.userId);
    if (query.format === 'json') return { subject: mail.subject, view };
    response.type(query.format === 'html' ? 'text/html; charset=utf-8' : 'text/plain; charset=utf-8');
    return query.format === 'html' ? mail.html : mail.text;
  }

  @Post('send')
  @HttpCode(202)
  @ApiOperation({ summary: "Send this week's digests now: recorded once per recipient, failed ones retried" })
  @ApiOkResponse({ type: DispatchResultDoc })
  send(@CurrentActor() actor: Actor, @Body() body: SendDigestsDto): Promise<DispatchResult> {
    return this.digests.sendNow(actor, body.kind ? [body.kind] : [...DIGEST_KINDS]);
  }

  @Get('deliveries')
  @ApiOperation({ summary: "The municipality's digest deliveries, newest first" })
  @ApiOkResponse({ type: DeliveryPageDoc })
  deliveries(@CurrentActor() actor: Actor, @Query() query: DeliveryQuery): Promise<Page<DeliveryView>> {
    return this.digests.deliveries(actor, query);
  }
}
