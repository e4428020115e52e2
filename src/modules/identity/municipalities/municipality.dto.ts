import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDateOnly } from '../../../common/http/date-only.validator';
import { IsIn, IsInt, IsOptional, Max, Min, Validate, ValidateIf, ValidatorConstraint, ValidatorConstraintInterface } from 'class-validator';
import { LOCALES } from './municipality.entity';
import type { Locale } from './municipality.entity';
import type { MunicipalityView } from './municipality-view';

/**
 * A zone's name (`Europe/Stockholm`, `UTC`), never an offset: Node reads `+14:00` as 14 hours
 * east of UTC and Postgres, as a POSIX zone, 14 hours west, so the two would disagree on "today".
 */
const ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/;

/** A time zone Node knows by name; the service then asks Postgres, which must know it too. */
@ValidatorConstraint({ name: 'timeZone' })
class IsTimeZone implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    if (typeof value !== 'string' || !ZONE_NAME.test(value)) return false;
    try {
      new Intl.DateTimeFormat('en', { timeZone: value });
      return true;
    } catch {
      return false;
    }
  }

  defaultMessage(): string {
    return 'timezone must be an IANA time zone such as Europe/Stockholm';
  }
}

export class UpdateMunicipalityDto {
  @ApiPropertyOptional({ example: 'Europe/Stockholm' })
  @IsOptional()
  @Validate(IsTimeZone)
  timezone?: string;

  @ApiPropertyOptional({ enum: LOCALES })
  @IsOptional()
  @IsIn(LOCALES, { message: `locale must be one of ${LOCALES.join(', ')}` })
  locale?: Locale;

  @ApiPropertyOptional({ minimum: 1, maximum: 7, description: 'ISO weekday, 1 = Monday' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(7)
  digestWeekday?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 23, description: 'Local hour' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(23)
  digestHour?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 365 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(365)
  staleAfterDays?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 365 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(365)
  dueSoonDays?: number;

  @ApiPropertyOptional({ nullable: true, type: String, example: '2027-10-01' })
  @IsOptional()
  @ValidateIf((_object, value) => value !== null)
  @IsDateOnly({ message: 'nextEvaluationDate must be a date written YYYY-MM-DD, or null' })
  nextEvaluationDate?: string | null;
}

export class MunicipalityViewDoc implements MunicipalityView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: '2084' }) code: string;
  @ApiProperty({ example: 'Avesta' }) name: string;
  @ApiProperty() timezone: string;
  @ApiProperty({ enum: LOCALES }) locale: Locale;
  @ApiProperty() digestWeekday: number;
  @ApiProperty() digestHour: number;
  @ApiProperty() staleAfterDays: number;
  @ApiProperty() dueSoonDays: number;
  @ApiProperty({ nullable: true, type: String }) nextEvaluationDate: string | null;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
}
