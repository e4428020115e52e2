import { Module } from '@nestjs/common';
import { EvaluationsModule } from '../../modules/evaluations/evaluations.module';
import { FollowUpModule } from '../../modules/follow-up/follow-up.module';
import { IdentityModule } from '../../modules/identity/identity.module';
import { DemoSeeder } from './demo-seeder';

@Module({
  // FollowUpModule: its publish listener derives the plans' effects when the demo publishes a follow-up.
  imports: [IdentityModule, EvaluationsModule, FollowUpModule],
  providers: [DemoSeeder],
  exports: [DemoSeeder],
})
export class DemoModule {}
