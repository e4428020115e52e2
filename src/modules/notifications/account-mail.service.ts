import { Injectable, Logger } from '@nestjs/common';
import { MunicipalitiesService } from '../identity/municipalities/municipalities.service';
import { catalogue, MailRenderer, MailSender, type MailLocale, type RenderedMail } from '../mail';

/** Who an account e-mail goes to. */
export interface AccountMailRecipient {
  id: string;
  email: string;
  name: string;
  locale: MailLocale;
  municipalityId: string;
}

/**
 * E-mail about a person's own account: the invitation to a new user and the password reset link.
 * Always sent, whatever the person's e-mail settings (they cannot be turned off), straight away
 * rather than through the queue: the person is waiting for it, and the link in it is the only
 * record there is (a lost one is asked for again).
 */
@Injectable()
export class AccountMail {
  private readonly logger = new Logger(AccountMail.name);

  constructor(
    private readonly renderer: MailRenderer,
    private readonly sender: MailSender,
    private readonly municipalities: MunicipalitiesService,
  ) {}

  /**
   * Invites a new user: a link where they choose their password. `setPasswordUrl` is the full
   * link (the caller issued its token); `validHours` how long it works.
   */
  async sendInvitation(user: AccountMailRecipient, setPasswordUrl: string, validHours = 7 * 24): Promise<void> {
    const municipality = await this.municipalities.byId(user.municipalityId);
    const mail = this.invitationMail(user, municipality.name, setPasswordUrl, validHours);
    await this.sender.send({ to: user.email, ...mail, headers: { 'X-Handlingsplan-Mail': 'invitation' } });
    this.logger.log(`Invitation sent to user ${user.id}`);
  }

  /** The "Glömt lösenordet?" link, valid `validHours`. */
  async sendPasswordReset(user: AccountMailRecipient, resetUrl: string, validHours: number): Promise<void> {
    const mail = this.passwordResetMail(user, resetUrl, validHours);
    await this.sender.send({ to: user.email, ...mail, headers: { 'X-Handlingsplan-Mail': 'password-reset' } });
  }

  invitationMail(user: Pick<AccountMailRecipient, 'name' | 'locale'>, municipalityName: string, setPasswordUrl: string, validHours: number): RenderedMail {
    const words = catalogue();
    return this.renderer.render('invitation', user.locale, {
      footer: {
        reason: words.translate(user.locale, 'mail.footer.invitation.reason', { municipality: municipalityName }),
        howToStop: words.translate(user.locale, 'mail.footer.invitation.howToStop'),
        settingsUrl: null,
      },
      recipientName: user.name,
      municipalityName,
      url: setPasswordUrl,
      // An invitation lasts days (seven), said in days.
      validDays: validHours / 24,
    });
  }

  passwordResetMail(user: Pick<AccountMailRecipient, 'name' | 'locale'>, resetUrl: string, validHours: number): RenderedMail {
    const words = catalogue();
    return this.renderer.render('password-reset', user.locale, {
      footer: {
        reason: words.translate(user.locale, 'mail.footer.passwordReset.reason'),
        howToStop: words.translate(user.locale, 'mail.footer.passwordReset.howToStop'),
        // The settings page needs a login, which someone who forgot their password cannot do.
        settingsUrl: null,
      },
      recipientName: user.name,
      url: resetUrl,
      validHours,
    });
  }
}
