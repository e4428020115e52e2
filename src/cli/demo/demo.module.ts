import { Module } from '@nestjs/common';
import { EvaluationsModule } from '../../modules/evaluations/evaluations.module';
import { IdentityModule } from '../../modules/identity/identity.module';
import { DemoSeeder } from './demo-seeder';

@Module({
  imports: [IdentityModule, EvaluationsModule],
  providers: [DemoSeeder],
  exports: [DemoSeeder],
})
export class DemoModule {}
