import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import type { ReferenceView } from './reference-view';
import { trim } from '../../../common/http/transforms';
import { IsInt, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';

export class CreateReferenceDto {
  @ApiProperty({ example: 1 })
  @IsInt()
  @Min(1)
  @Max(20)
  areaNumber: number;

  @ApiProperty({ example: '1780', description: "SCB code of the municipality named as an example" })
  @Matches(/^\d{4}$/, { message: 'municipalityCode must be a four-digit SCB code' })
  municipalityCode: string;

  @ApiProperty({ example: 'Här är Karlstad kommun ett gott exempel.' })
  @Transform(trim)
  @IsString()
  @MinLength(1, { message: 'sentence must not be empty' })
  @MaxLength(2000)
  sentence: string;
}

export class ReferenceViewDto implements ReferenceView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) evaluationId: string;
  @ApiProperty() areaNumber: number;
  @ApiProperty({ example: '1880' }) municipalityCode: string;
  @ApiProperty({ example: 'Örebro' }) municipalityName: string;
  @ApiProperty() sentence: string;
}
