import { Module } from '@nestjs/common';
import { MailRenderer } from './mail-renderer.service';
import { MailSender } from './mail-sender.service';

/**
 * Renders Handlebars e-mails and sends them. Knows nothing of the domain: callers pass the data,
 * the footer text and the recipient. Needs `AppConfig` from the global ConfigModule.
 */
@Module({
  providers: [MailRenderer, MailSender],
  exports: [MailRenderer, MailSender],
})
export class MailModule {}
