import { Module } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module';
import { MailModule } from '../mail';
import { AccountMail } from './account-mail.service';

/**
 * E-mail that is not a digest: account mail (invitation, password reset), always sent.
 */
@Module({
  imports: [IdentityModule, MailModule],
  providers: [AccountMail],
  exports: [AccountMail],
})
export class NotificationsModule {}
