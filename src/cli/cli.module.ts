import { DynamicModule, Module } from '@nestjs/common';
import { AppModule } from '../app.module';
import { AppConfig } from '../config';
import { ActionPlansModule } from '../modules/action-plans/action-plans.module';
import { DigestsModule } from '../modules/digests/digests.module';
import { EvaluationsModule } from '../modules/evaluations/evaluations.module';
import { IdentityModule } from '../modules/identity/identity.module';
import { CliOutput } from './cli-output';
import { CreateMunicipalityCommand } from './create-municipality.command';
import { CreateUserCommand } from './create-user.command';
import { DemoModule } from './demo/demo.module';
import { EmailPreviewCommand } from './email-preview.command';
import { ImportReportCommand } from './import-report.command';
import { BenchSeeder } from './demo/bench-seeder';
import { SeedBenchCommand } from './seed-bench.command';
import { SeedDemoCommand } from './seed-demo.command';
import { SendDigestsCommand } from './send-digests.command';

@Module({})
export class CliModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: CliModule,
      imports: [AppModule.forRoot(config), IdentityModule, EvaluationsModule, ActionPlansModule, DigestsModule.forRoot(config), DemoModule],
      providers: [
        CliOutput,
        CreateMunicipalityCommand,
        CreateUserCommand,
        ImportReportCommand,
        SeedDemoCommand,
        SendDigestsCommand,
        EmailPreviewCommand,
        SeedBenchCommand,
        BenchSeeder,
      ],
    };
  }
}
