import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../../common/clock';
import { AppConfig } from '../../config';
import { User } from '../identity/users/user.entity';
import { MailRenderer, MailSender, RenderedMail } from '../mail';
import { DigestBuilder } from './digest-builder.service';
import { DigestDelivery, DigestKind } from './digest-delivery.entity';
import { DIGEST_TEMPLATES, digestFooter, digestMessageId } from './digest-mail';
import { DigestView } from './digest-view';

export type DeliveryOutcome = 'sent' | 'skipped' | 'already-done' | 'busy' | 'missing';

/** A send failed; the delivery records the error and the job decides whether to try again. */
export class DeliveryFailedError extends Error {
  constructor(
    readonly deliveryId: string,
    readonly cause: unknown,
  ) {
    super(`Digest delivery ${deliveryId} failed: ${(cause as Error)?.message ?? String(cause)}`);
    this.name = 'DeliveryFailedError';
  }
}

/**
 * Renders and sends one recorded delivery. The delivery's row is locked while it is sent, so two
 * workers never send the same one, and a delivery marked sent is never sent again.
 */
@Injectable()
export class DigestDeliverer {
  private readonly logger = new Logger(DigestDeliverer.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly builder: DigestBuilder,
    private readonly renderer: MailRenderer,
    private readonly sender: MailSender,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  /** The digest `user` would get now, rendered; also what preview shows. */
  async render(kind: DigestKind, municipalityId: string, user: Pick<User, 'id' | 'name' | 'locale'>, now = this.clock.now()): Promise<{ view: DigestView; mail: RenderedMail }> {
    const municipality = await this.builder.municipality(municipalityId);
    const view = kind === 'leadership' ? await this.builder.leadership(municipality, now) : await this.builder.owner(municipality, user, now);
    const mail = this.renderer.render(DIGEST_TEMPLATES[kind], user.locale, {
      ...view,
      footer: digestFooter(kind, user.locale, municipality.name, this.config.appUrl),
      timeZone: municipality.timezone,
    });
    return { view, mail };
  }

  /** @param lastAttempt when true, a failure marks the delivery failed instead of leaving it queued. */
  async deliver(deliveryId: string, lastAttempt: boolean): Promise<DeliveryOutcome> {
    let failure: unknown;
    const outcome = await this.dataSource.transaction(async (manager): Promise<DeliveryOutcome> => {
      const delivery = await manager
        .createQueryBuilder(DigestDelivery, 'delivery')
        .setLock('pessimistic_write')
        .setOnLocked('skip_locked')
        .where('delivery.id = :deliveryId', { deliveryId })
        .getOne();
      if (!delivery) {
        // Locked: another worker is sending it right now. Gone: nothing to do.
        return (await manager.existsBy(DigestDelivery, { id: deliveryId })) ? 'busy' : 'missing';
      }
      if (delivery.status === 'sent' || delivery.status === 'skipped') return 'already-done';

      const user = await manager.findOneBy(User, { id: delivery.userId });
      const wanted = user?.active && (delivery.kind === 'leadership' ? user.leadershipDigest : user.ownerDigest);
      if (!user || !wanted) {
        await manager.update(DigestDelivery, { id: deliveryId }, { status: 'skipped', lastError: 'The recipient no longer takes this digest' });
        return 'skipped';
      }
      try {
        const { view, mail } = await this.render(delivery.kind, delivery.municipalityId, user);
        if (view.kind === 'owner' && !view.hasContent) {
          await manager.update(DigestDelivery, { id: deliveryId }, { status: 'skipped', lastError: null });
          return 'skipped';
        }
        const sent = await this.sender.send({
          to: user.email,
          ...mail,
          messageId: digestMessageId(delivery.id, this.config.appUrl),
          headers: { 'X-Handlingsplan-Digest': `${delivery.kind}/${delivery.periodKey}` },
        });
        await manager.update(DigestDelivery, { id: deliveryId }, {
          status: 'sent',
          attempts: delivery.attempts + 1,
          messageId: sent.messageId,
          sentAt: this.clock.now(),
          lastError: null,
        });
        return 'sent';
      } catch (error) {
        failure = error;
        await manager.update(DigestDelivery, { id: deliveryId }, {
          status: lastAttempt ? 'failed' : 'queued',
          attempts: delivery.attempts + 1,
          lastError: describeError(error),
        });
        return 'busy';
      }
    });
    if (failure !== undefined) {
      // The SMTP reply may quote the address, so the log names only the codes.
      const { responseCode, code } = failure as { responseCode?: number; code?: string };
      this.logger.warn(`Digest delivery ${deliveryId} failed${lastAttempt ? ' for the last time' : ''} (${code ?? 'error'} ${responseCode ?? ''})`.trim());
      throw new DeliveryFailedError(deliveryId, failure);
    }
    return outcome;
  }
}

/** The SMTP reply when there is one (it names the reason), else the error message. */
function describeError(error: unknown): string {
  const smtp = error as { response?: string; responseCode?: number; code?: string; message?: string };
  return (smtp.response ?? [smtp.code, smtp.message].filter(Boolean).join(': ')) || String(error);
}
