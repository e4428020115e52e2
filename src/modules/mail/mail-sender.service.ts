import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createTransport, type NodemailerError, type SendMailOptions, type Transporter } from 'nodemailer';
import type { StreamSentMessageInfo } from 'nodemailer';
import { Clock } from '../../common/clock';
import { AppConfig } from '../../config/app-config';
import type { MailLocale } from './mail.constants';

export interface OutgoingMail {
  /** One recipient address. */
  to: string;
  subject: string;
  html: string;
  text: string;
  /** The language the mail is written in (the recipient's), sent as `Content-Language`. */
  locale: MailLocale;
  /** Extra headers, e.g. `List-Unsubscribe`. */
  headers?: Record<string, string>;
  /**
   * A Message-ID of the caller's choosing (`messageIdFor`). Giving the same one when a send is
   * retried lets mail clients recognise a message they already have. Without one the mail gets
   * a new one under the same domain.
   */
  messageId?: string;
}

export interface SentMail {
  /** The Message-ID header of the sent message, angle brackets included. */
  messageId: string;
}

/**
 * Sends rendered e-mails from `MAIL_FROM`: through SMTP when `SMTP_URL` is set, otherwise into
 * `MAIL_OUTBOX_DIR` as `.eml` files a developer can open in any mail client.
 *
 * Failures are not caught: the caller's queue retries the job. A nodemailer error carries
 * `responseCode`, `response` (the server's reply) and `permanent` (true for a 5xx rejection that
 * a retry would get again).
 */
@Injectable()
export class MailSender implements OnModuleDestroy {
  private readonly logger = new Logger(MailSender.name);
  /**
   * Created once for the process. SMTP options come from the URL (`?pool=true` keeps connections
   * open) and the timeouts from configuration: a server that hangs fails the send in seconds
   * instead of nodemailer's ten minutes. The outbox transport builds the same RFC 5322 message SMTP
   * would carry, CRLF line ends included, as a buffer.
   */
  private readonly transport: { smtp: Transporter } | { outbox: Transporter<StreamSentMessageInfo> };
  private readonly outboxDir: string;

  constructor(
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {
    this.transport = config.smtpUrl
      ? {
          smtp: createTransport({
            url: config.smtpUrl,
            connectionTimeout: config.smtpConnectionTimeoutMs,
            greetingTimeout: config.smtpGreetingTimeoutMs,
            socketTimeout: config.smtpSocketTimeoutMs,
          }),
        }
      : { outbox: createTransport({ streamTransport: true, buffer: true, newline: 'windows' }) };
    this.outboxDir = resolve(config.mailOutboxDir);
  }

  async send(mail: OutgoingMail): Promise<SentMail> {
    const message: SendMailOptions = {
      from: this.config.mailFrom,
      to: mail.to,
      subject: mail.subject,
      html: mail.html,
      text: mail.text,
      headers: { ...mail.headers, 'Content-Language': mail.locale },
      messageId: mail.messageId ?? messageIdFor(randomUUID(), this.config.appUrl),
    };
    return 'smtp' in this.transport ? this.sendSmtp(this.transport.smtp, message) : this.writeToOutbox(this.transport.outbox, message);
  }

  onModuleDestroy(): void {
    if ('smtp' in this.transport) this.transport.smtp.close();
  }

  private async sendSmtp(smtp: Transporter, message: SendMailOptions): Promise<SentMail> {
    try {
      const info = await smtp.sendMail(message);
      this.logger.log(`Sent e-mail ${info.messageId}`);
      return { messageId: info.messageId };
    } catch (error) {
      // The code and reply code only: the server's reply and the message text often quote the address.
      const { code, responseCode } = error as NodemailerError;
      this.logger.warn(`Sending e-mail failed: ${code ?? 'unknown error'}${responseCode ? ` (SMTP ${responseCode})` : ''}`);
      throw error;
    }
  }

  private async writeToOutbox(outbox: Transporter<StreamSentMessageInfo>, message: SendMailOptions): Promise<SentMail> {
    const info = await outbox.sendMail(message);
    // Created on every send, not once: a developer may empty the outbox by deleting the folder.
    await mkdir(this.outboxDir, { recursive: true });
    const file = join(this.outboxDir, outboxFileName(this.clock.now(), info.messageId));
    await writeFile(file, info.message as Buffer, { flag: 'wx' });
    this.logger.log(`Wrote e-mail ${info.messageId} to ${file}`);
    return { messageId: info.messageId };
  }
}

/**
 * The Message-ID `<localPart@host>` of an e-mail, under APP_URL's host for every kind of mail (a
 * digest, a notification, account mail), whatever domain MAIL_FROM has.
 */
export function messageIdFor(localPart: string, appUrl: string): string {
  return `<${localPart}@${new URL(appUrl).hostname}>`;
}

/** Time first, so a folder listing shows the e-mails in the order they were sent. */
function outboxFileName(sentAt: Date, messageId: string): string {
  const time = sentAt.toISOString().replace(/[:.]/g, '-');
  const id = messageId.replace(/^<|>$/g, '').replace(/[^A-Za-z0-9.@_-]/g, '_');
  return `${time}-${id}.eml`;
}
