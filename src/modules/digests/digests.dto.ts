import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID, Matches } from 'class-validator';
import { PaginationQuery } from '../../common/pagination/pagination.dto';
import { DELIVERY_STATUSES, DIGEST_KINDS, SKIP_REASONS } from './digest-delivery.entity';
import type { DeliveryStatus, DigestKind, SkipReason } from './digest-delivery.entity';
import type { DeliveryView, DispatchResult } from './digest-delivery-view';

export class DeliveryQuery extends PaginationQuery {
  @ApiPropertyOptional({ enum: DELIVERY_STATUSES })
  @IsOptional()
  @IsIn(DELIVERY_STATUSES, { message: `status must be one of ${DELIVERY_STATUSES.join(', ')}` })
  status?: DeliveryStatus;

  @ApiPropertyOptional({ example: '2026-W48' })
  @IsOptional()
  @Matches(/^\d{4}-W\d{2}$/, { message: 'periodKey must be an ISO week such as 2026-W48' })
  periodKey?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'userId must be a UUID' })
  userId?: string;

  @ApiPropertyOptional({ enum: DIGEST_KINDS })
  @IsOptional()
  @IsIn(DIGEST_KINDS, { message: `kind must be one of ${DIGEST_KINDS.join(', ')}` })
  kind?: DigestKind;
}

export class SendDigestsDto {
  @ApiPropertyOptional({ enum: DIGEST_KINDS, description: 'Only this kind; both when left out' })
  @IsOptional()
  @IsIn(DIGEST_KINDS, { message: `kind must be one of ${DIGEST_KINDS.join(', ')}` })
  kind?: DigestKind;
}

export class PreviewQuery {
  @ApiProperty({ enum: DIGEST_KINDS })
  @IsIn(DIGEST_KINDS, { message: `kind must be one of ${DIGEST_KINDS.join(', ')}` })
  kind: DigestKind;

  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'userId must be a UUID' })
  userId: string;

  @ApiPropertyOptional({ enum: ['html', 'text', 'json'], default: 'html' })
  @IsOptional()
  @IsIn(['html', 'text', 'json'], { message: 'format must be html, text or json' })
  format: 'html' | 'text' | 'json' = 'html';
}

export class DispatchResultDoc implements DispatchResult {
  @ApiProperty({ example: '2026-W48' }) periodKey: string;
  @ApiProperty({ description: 'Deliveries recorded now' }) created: number;
  @ApiProperty({ description: 'Failed deliveries queued again' }) retried: number;
  @ApiProperty({ description: 'Already sent or skipped this period' }) alreadyDone: number;
}

export class DeliveryViewDoc implements DeliveryView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty({ enum: DIGEST_KINDS }) kind: DigestKind;
  @ApiProperty() periodKey: string;
  @ApiProperty({ enum: DELIVERY_STATUSES }) status: DeliveryStatus;
  @ApiProperty() attempts: number;
  @ApiProperty({ nullable: true, type: String, description: 'The SMTP error of the latest failed attempt' }) lastError: string | null;
  @ApiProperty({ enum: SKIP_REASONS, nullable: true, description: 'Why nothing was sent, for a skipped delivery' }) skipReason: SkipReason | null;
  @ApiProperty({ nullable: true, type: String }) messageId: string | null;
  @ApiProperty({ nullable: true, type: Date }) sentAt: Date | null;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
}

export class DeliveryPageDoc {
  @ApiProperty({ type: [DeliveryViewDoc] }) items: DeliveryViewDoc[];
  @ApiProperty() total: number;
}
