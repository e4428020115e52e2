import { DynamicModule, Module } from '@nestjs/common';
import { AppModule } from '../app.module';
import { AppConfig } from '../config';
import { IdentityModule } from '../modules/identity/identity.module';
import { CliOutput } from './cli-output';
import { CreateMunicipalityCommand } from './create-municipality.command';
import { CreateUserCommand } from './create-user.command';
import { ImportReportCommand } from './import-report.command';
import { DemoModule } from './demo/demo.module';
import { SeedDemoCommand } from './seed-demo.command';
import { EvaluationsModule } from '../modules/evaluations/evaluations.module';

@Module({})
export class CliModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: CliModule,
      imports: [AppModule.forRoot(config), IdentityModule, EvaluationsModule, DemoModule],
      providers: [CliOutput, CreateMunicipalityCommand, CreateUserCommand, ImportReportCommand, SeedDemoCommand],
    };
  }
}
