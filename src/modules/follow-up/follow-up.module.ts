import { Module } from '@nestjs/common';
import { ActionPlansModule } from '../action-plans/action-plans.module';
import { EvaluationsModule } from '../evaluations/evaluations.module';
import { IdentityModule } from '../identity/identity.module';
import { CarryOverController } from './carry-over/carry-over.controller';
import { CarryOverService } from './carry-over/carry-over.service';
import { ComparisonController } from './comparison/comparison.controller';
import { ComparisonService } from './comparison/comparison.service';
import { DossierController } from './dossier/dossier.controller';
import { DossierService } from './dossier/dossier.service';
import { PageRenderer } from './dossier/page-renderer.service';
import { EffectsController } from './effects/effects.controller';
import { FollowUpEffectsService } from './effects/effects.service';

/**
 * The follow-up of an evaluation: the dossier before the next evaluation, the
 * comparison after it, the action plans' effects (derived when the follow-up is published, via
 * the evaluations' publish listener) and carrying open plans over. Depends on evaluations and
 * action plans; only the app and the demo seeder depend on it.
 */
@Module({
  imports: [IdentityModule, EvaluationsModule, ActionPlansModule],
  controllers: [DossierController, ComparisonController, CarryOverController, EffectsController],
  providers: [DossierService, PageRenderer, ComparisonService, FollowUpEffectsService, CarryOverService],
  exports: [CarryOverService, DossierService, ComparisonService],
})
export class FollowUpModule {}
