import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../../common/clock';
import { AppConfig } from '../../config';
import { UsersService } from '../identity/users/users.service';
import { MailLocale, MailRenderer, MailSender, messageIdFor, RenderedMail } from '../mail';
import { UnsubscribeLinks } from '../notifications/unsubscribe-links';
import { DigestBuilder, DigestMunicipality } from './digest-builder.service';
import { DigestDeliveriesRepository } from './digest-deliveries.repository';
import { DigestDelivery, DigestKind } from './digest-delivery.entity';
import { DIGEST_TEMPLATES, digestFooter } from './digest-mail';
import { DigestView, LeadershipDigestView } from './digest-view';

/** `claimed-elsewhere`: another worker holds the delivery's lease right now; its job does the work. */
export type DeliveryOutcome = 'sent' | 'skipped' | 'already-done' | 'claimed-elsewhere';

/** A send failed; the delivery records the error and the job decides whether to try again. */
export class DeliveryFailedError extends Error {
  constructor(
    readonly deliveryId: string,
    readonly cause: unknown,
    /** The SMTP server refused for good (a 5xx reply): trying again would get the same answer. */
    readonly permanent: boolean,
  ) {
    super(`Digest delivery ${deliveryId} failed: ${(cause as Error)?.message ?? String(cause)}`);
    this.name = 'DeliveryFailedError';
  }
}

/** A job names a delivery that does not exist: a job of another deployment, or a bug. Never quiet. */
export class DeliveryMissingError extends Error {
  constructor(readonly deliveryId: string) {
    super(`Digest delivery ${deliveryId} does not exist`);
    this.name = 'DeliveryMissingError';
  }
}

/**
 * Renders and sends one recorded delivery in three steps, none of which holds a transaction
 * across SMTP: a short UPDATE claims it (`sending`, with a lease), the e-mail is sent, a second
 * UPDATE marks it `sent`. Two workers never hold the same delivery at once; a worker that dies
 * mid-send leaves it `sending` until the lease ends, and the one that claims it then sends it
 * with the same Message-ID, so a mail client folds the rare duplicate into one.
 */
@Injectable()
export class DigestDeliverer {
  private readonly logger = new Logger(DigestDeliverer.name);
  /** Rendered leadership digests by built view, then by language and municipality name; see `renderMail`. */
  private readonly renderedLeadership = new WeakMap<LeadershipDigestView, Map<string, RenderedMail>>();

  constructor(
    private readonly repository: DigestDeliveriesRepository,
    private readonly builder: DigestBuilder,
    private readonly renderer: MailRenderer,
    private readonly sender: MailSender,
    private readonly clock: Clock,
    private readonly users: UsersService,
    private readonly config: AppConfig,
    private readonly unsubscribe: UnsubscribeLinks,
  ) {}

  /**
   * The digest `user` would get now, rendered; also what preview shows. `checkInLinks: false`
   * leaves out the owner's "Rapportera läge" links, which would let whoever reads them (a manager
   * previewing) report as the owner. `periodKey` is the week the digest is for, as its delivery
   * recorded it: a delivery sent after its week ended (a worker down over the turn of the week)
   * still says its own week, so that it does not read as a second digest of the next one. Its
   * figures are those of the moment it is sent.
   */
  async render(
    kind: DigestKind,
    municipalityId: string,
    user: { id: string; name: string; locale: 'sv' | 'en'; credentialsVersion?: number },
    now = this.clock.now(),
    options: { checkInLinks: boolean; periodKey?: string } = { checkInLinks: true },
  ): Promise<{ view: DigestView; mail: RenderedMail }> {
    const municipality = await this.builder.municipality(municipalityId, now);
    const view = kind === 'leadership' ? await this.builder.leadership(municipality, now) : await this.builder.owner(municipality, user, now, options);
    return { view, mail: this.renderMail(view, user.locale, municipality, options.periodKey ?? view.periodKey) };
  }

  /**
   * A leadership digest names no recipient: every reader of the same built view in the same
   * language gets the same e-mail, so it is rendered once per view (the builder reuses a view
   * for a minute) and language. An owner's digest is rendered for its owner.
   */
  private renderMail(view: DigestView, locale: MailLocale, municipality: DigestMunicipality, periodKey: string): RenderedMail {
    const render = () =>
      this.renderer.render(DIGEST_TEMPLATES[view.kind], locale, {
        ...view,
        periodKey,
        footer: digestFooter(view.kind, locale, municipality.name, this.config.appUrl),
        timeZone: municipality.timezone,
      });
    if (view.kind !== 'leadership') return render();
    const key = `${locale} ${periodKey} ${municipality.timezone} ${municipality.name}`;
    let rendered = this.renderedLeadership.get(view);
    if (!rendered) this.renderedLeadership.set(view, (rendered = new Map<string, RenderedMail>()));
    let mail = rendered.get(key);
    if (!mail) rendered.set(key, (mail = render()));
    return mail;
  }

  /**
   * @param lastAttempt when true, a failure marks the delivery failed instead of queueing it again.
   * Rendering comes before the claim, so the lease covers the SMTP conversation alone.
   */
  async deliver(deliveryId: string, lastAttempt: boolean): Promise<DeliveryOutcome> {
    const recorded = await this.repository.byId(deliveryId);
    if (!recorded) {
      this.logger.error(`Digest job for delivery ${deliveryId} found no such delivery`);
      throw new DeliveryMissingError(deliveryId);
    }
    if (recorded.status !== 'queued' && recorded.status !== 'sending') return 'already-done';

    const user = await this.users.digestRecipient(recorded.municipalityId, recorded.userId);
    const wanted = user?.active && (recorded.kind === 'leadership' ? user.leadershipDigest : user.ownerDigest);
    const rendered = user && wanted ? await this.render(recorded.kind, recorded.municipalityId, user, undefined, { checkInLinks: true, periodKey: recorded.periodKey }) : null;

    const delivery = await this.claim(deliveryId);
    if (typeof delivery === 'string') return delivery;
    if (!user || !rendered) {
      await this.finish(delivery, { status: 'skipped', skipReason: 'not_subscribed' });
      return 'skipped';
    }
    if (rendered.view.kind === 'owner' && !rendered.view.hasContent) {
      await this.finish(delivery, { status: 'skipped', skipReason: 'nothing_to_report' });
      return 'skipped';
    }
    try {
      const sent = await this.sender.send({
        to: user.email,
        ...rendered.mail,
        // The same Message-ID on every try of a delivery (its id, under APP_URL's host), so a mail
        // client folds the rare repeat of a send cut short into the message it already has.
        messageId: messageIdFor(`digest-${delivery.id}`, this.config.appUrl),
        headers: {
          'X-Handlingsplan-Digest': `${delivery.kind}/${delivery.periodKey}`,
          ...this.unsubscribe.headers({ id: user.id, municipalityId: delivery.municipalityId }, delivery.kind === 'leadership' ? 'leadershipDigest' : 'ownerDigest'),
        },
      });
      await this.finish(delivery, { status: 'sent', attempts: delivery.attempts + 1, messageId: sent.messageId, sentAt: this.clock.now(), lastError: null });
      return 'sent';
    } catch (error) {
      const permanent = isPermanentRejection(error);
      await this.finish(delivery, {
        status: lastAttempt || permanent ? 'failed' : 'queued',
        attempts: delivery.attempts + 1,
        lastError: describeError(error),
      });
      // The SMTP reply may quote the address, so the log names only the codes.
      const { responseCode, code } = error as { responseCode?: number; code?: string };
      const final = lastAttempt || permanent ? ' for good' : '';
      this.logger.warn(`Digest delivery ${deliveryId} failed${final} (${code ?? 'error'} ${responseCode ?? ''})`.trim());
      throw new DeliveryFailedError(deliveryId, error, permanent);
    }
  }

  /**
   * Takes the delivery for this worker in one statement: a queued one, or one whose previous
   * holder's lease has ended. Failed ones stay failed until "send now" queues them again.
   */
  private async claim(deliveryId: string): Promise<DigestDelivery | 'already-done' | 'claimed-elsewhere'> {
    const claimed = await this.repository.claim(deliveryId, this.config.digestLeaseMs / 1000);
    if (claimed) return claimed;
    const current = await this.repository.byId(deliveryId);
    return current?.status === 'sending' ? 'claimed-elsewhere' : 'already-done';
  }

  private finish(delivery: DigestDelivery, changes: Partial<DigestDelivery>): Promise<void> {
    return this.repository.finish(delivery, changes);
  }
}

/** A 5xx reply (e.g. 554 "transaction failed", 550 "no such user") will not change on a retry. */
function isPermanentRejection(error: unknown): boolean {
  const { responseCode } = error as { responseCode?: number };
  return typeof responseCode === 'number' && responseCode >= 500 && responseCode < 600;
}

/** The SMTP reply when there is one (it names the reason), else the error message. */
function describeError(error: unknown): string {
  const smtp = error as { response?: string; responseCode?: number; code?: string; message?: string };
  return (smtp.response ?? [smtp.code, smtp.message].filter(Boolean).join(': ')) || String(error);
}
