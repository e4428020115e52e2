import { Body, Controller, Get, HttpCode, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Actor } from '../../common/auth/actor';
import { CurrentActor, RequireRole } from '../../common/auth/auth.decorators';
import { DIGEST_KINDS } from './digest-delivery.entity';
import { DigestPreviewService } from './digest-preview.service';
import { DeliveryPage, DeliveryQuery, DispatchResultView, PreviewQuery, SendDigestsDto } from './digests.dto';
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
  @ApiOkResponse({ type: DispatchResultView, description: "This week's digests: recorded once per recipient, failed ones retried" })
  send(@CurrentActor() actor: Actor, @Body() body: SendDigestsDto): Promise<DispatchResultView> {
    return this.digests.sendNow(actor, body.kind ? [body.kind] : [...DIGEST_KINDS]);
  }

  @Get('deliveries')
  @ApiOkResponse({ type: DeliveryPage })
  deliveries(@CurrentActor() actor: Actor, @Query() query: DeliveryQuery): Promise<DeliveryPage> {
    return this.digests.deliveries(actor, query);
  }
}
