import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from '../../config';
import { ActionPlansModule } from '../action-plans/action-plans.module';
import { IdentityModule } from '../identity/identity.module';
import { MailModule } from '../mail';
import { AccountMail } from './account-mail.service';
import { NotificationDeliverer } from './notification-deliverer.service';
import { NotificationsProcessor } from './notifications.processor';
import { NotificationsRepository } from './notifications.repository';
import { NotificationsService } from './notifications.service';
import { NOTIFICATION_QUEUE } from './notifications.constants';
import { UnsubscribeLinks } from './unsubscribe-links';

const providers = [AccountMail, NotificationsRepository, NotificationsService, NotificationDeliverer, UnsubscribeLinks];
const exported = [AccountMail, NotificationsService, NotificationDeliverer, UnsubscribeLinks];

/**
 * E-mail that is not a digest. Account mail (invitation, password reset), always sent, and the
 * notifications about plans (assignment, reminder, overdue), each recorded and sent once through
 * the notification queue, each a kind a user can turn off. Depends on identity, action plans and
 * mail; nothing depends on it but the pages and the commands.
 */
@Module({})
export class NotificationsModule {
  /**
   * The queue worker and the tick run only in processes that run workers (PROCESS_ROLE). Global,
   * so the pages and commands share the one instance the app module makes: a second would
   * register a second listener for plan owners.
   */
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: NotificationsModule,
      imports: [BullModule.registerQueue({ name: NOTIFICATION_QUEUE }), IdentityModule, ActionPlansModule, MailModule],
      providers: [...providers, ...(config.runsWorkers ? [NotificationsProcessor] : [])],
      exports: exported,
      global: true,
    };
  }
}
