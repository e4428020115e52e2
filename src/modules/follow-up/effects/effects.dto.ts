import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsString, MaxLength, MinLength } from 'class-validator';
import { EFFECTS } from '../../action-plans/plans/action-plan.constants';
import type { Effect } from '../../action-plans/plans/action-plan.constants';
import { trim } from '../../../common/http/transforms';

export class OverrideEffectDto {
  @ApiProperty({ enum: EFFECTS })
  @IsIn(EFFECTS, { message: `effect must be one of ${EFFECTS.join(', ')}` })
  effect: Effect;

  @ApiProperty({ description: 'Why the derived effect does not tell the story', example: 'Poängen steg tack vare en annan satsning.' })
  @Transform(trim)
  @IsString()
  @MinLength(3, { message: 'comment must say why (at least 3 characters)' })
  @MaxLength(2000)
  comment: string;
}

export interface EffectResultItem {
  actionPlanId: string;
  title: string;
  effect: Effect | null;
  derivedEffect: Effect;
  overridden: boolean;
}

class EffectResultItemDoc {
  @ApiProperty({ format: 'uuid' }) actionPlanId: string;
  @ApiProperty() title: string;
  @ApiProperty({ enum: EFFECTS, nullable: true, description: "The plan's effect now" }) effect: Effect | null;
  @ApiProperty({ enum: EFFECTS, description: 'What the score change says' }) derivedEffect: Effect;
  @ApiProperty({ description: 'A manager set the effect; it was left as it was' }) overridden: boolean;
}

export class EffectResultDoc {
  @ApiProperty({ type: [EffectResultItemDoc] }) items: EffectResultItemDoc[];
}
