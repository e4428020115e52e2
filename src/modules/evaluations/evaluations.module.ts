import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { IdentityModule } from '../identity/identity.module';
import { EvaluationsController } from './evaluations/evaluations.controller';
import { EvaluationsRepository } from './evaluations/evaluations.repository';
import { EvaluationsService } from './evaluations/evaluations.service';
import { FindingListService } from './findings/finding-list.service';
import { FindingsController } from './findings/findings.controller';
import { FindingsRepository } from './findings/findings.repository';
import { FindingsService } from './findings/findings.service';
import { FrameworksController } from './frameworks/frameworks.controller';
import { FrameworksRepository } from './frameworks/frameworks.repository';
import { FrameworksService } from './frameworks/frameworks.service';
import { ReferencesController } from './references/references.controller';
import { ReferencesRepository } from './references/references.repository';
import { ReferencesService } from './references/references.service';
import { ReportImportController } from './report-import/report-import.controller';
import { ReportImportService } from './report-import/report-import.service';
import { ScoresRepository } from './scores/scores.repository';
import { ScoresService } from './scores/scores.service';

@Module({
  imports: [AuditModule, IdentityModule],
  // The import route is registered before the evaluation routes so `import` is never read as an id.
  controllers: [FrameworksController, ReportImportController, EvaluationsController, FindingsController, ReferencesController],
  providers: [
    FrameworksRepository,
    FrameworksService,
    EvaluationsRepository,
    EvaluationsService,
    ScoresRepository,
    ScoresService,
    FindingsRepository,
    FindingsService,
    FindingListService,
    ReferencesRepository,
    ReferencesService,
    ReportImportService,
  ],
  exports: [FrameworksService, EvaluationsService, ScoresService, FindingsService, FindingListService, ReportImportService],
})
export class EvaluationsModule {}
