import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { EvaluationsModule } from '../evaluations/evaluations.module';
import { IdentityModule } from '../identity/identity.module';
import { CalendarFeedRepository } from './calendar/calendar-feed.repository';
import { CalendarFeedsService } from './calendar/calendar-feeds.service';
import { CheckInLinks } from './check-in/check-in-links.service';
import { DashboardController } from './dashboard/dashboard.controller';
import { DashboardRepository } from './dashboard/dashboard.repository';
import { DashboardService } from './dashboard/dashboard.service';
import { ActionPlanEffectsService } from './effects/action-plan-effects.service';
import { ActionPlanExportService } from './export/action-plan-export.service';
import { ActionPlansController } from './plans/action-plans.controller';
import { ActionPlansRepository } from './plans/action-plans.repository';
import { ActionPlansService } from './plans/action-plans.service';
import { PlanCoverageReader } from './findings/plan-coverage-reader.service';
import { PlanOwnerEvents } from './plans/plan-owner-events';
import { PlanHandOverService } from './plans/plan-hand-over.service';
import { ProgressUpdatesController } from './updates/progress-updates.controller';
import { ProgressUpdatesRepository } from './updates/progress-updates.repository';
import { ProgressUpdatesService } from './updates/progress-updates.service';

@Module({
  imports: [AuditModule, IdentityModule, EvaluationsModule],
  controllers: [ActionPlansController, ProgressUpdatesController, DashboardController],
  providers: [PlanCoverageReader, ActionPlansRepository, ActionPlansService, PlanOwnerEvents, ActionPlanExportService, PlanHandOverService, ActionPlanEffectsService, ProgressUpdatesRepository, ProgressUpdatesService, DashboardRepository, DashboardService, CheckInLinks, CalendarFeedRepository, CalendarFeedsService],
  exports: [CheckInLinks, CalendarFeedsService, ActionPlansService, PlanOwnerEvents, ActionPlanExportService, ActionPlanEffectsService, ProgressUpdatesService, DashboardService],
})
export class ActionPlansModule {}
