import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from '../../config';
import { ActionPlansModule } from '../action-plans/action-plans.module';
import { EvaluationsModule } from '../evaluations/evaluations.module';
import { IdentityModule } from '../identity/identity.module';
import { MailModule } from '../mail';
import { DeploymentGuard } from './deployment-guard.service';
import { DigestDeliveriesRepository } from './digest-deliveries.repository';
import { DigestBuilder } from './digest-builder.service';
import { DigestDeliverer } from './digest-deliverer.service';
import { DigestPreviewService } from './digest-preview.service';
import { DigestQueueHealthCheck } from './digest-queue-health.service';
import { DigestScheduler } from './digest-scheduler';
import { DigestsController } from './digests.controller';
import { DIGEST_QUEUE } from './digests.constants';
import { DigestsProcessor } from './digests.processor';
import { DigestsService } from './digests.service';

@Module({})
export class DigestsModule {
  /** The queue worker and the scheduler run only in processes that run workers (PROCESS_ROLE). */
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: DigestsModule,
      imports: [BullModule.registerQueue({ name: DIGEST_QUEUE }), IdentityModule, EvaluationsModule, ActionPlansModule, MailModule],
      controllers: [DigestsController],
      providers: [
        DigestDeliveriesRepository,
        DigestBuilder,
        DigestDeliverer,
        DigestsService,
        DigestPreviewService,
        DeploymentGuard,
        DigestQueueHealthCheck,
        ...(config.runsWorkers ? [DigestsProcessor, DigestScheduler] : []),
      ],
      exports: [DigestsService, DigestDeliverer, DigestBuilder, DigestQueueHealthCheck, DigestPreviewService],
    };
  }
}
