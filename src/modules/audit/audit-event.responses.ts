import { ApiProperty } from '@nestjs/swagger';
import { AUDIT_ACTIONS } from './audit-event.entity';
import type { AuditAction, AuditChanges } from './audit-event.entity';
import { AUDIT_CHANNELS, AuditChannel } from './audit.constants';
import type { AuditEventView } from './audit-event-view';

export class AuditEventViewDoc implements AuditEventView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) municipalityId: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) actorId: string | null;
  @ApiProperty() entityType: string;
  @ApiProperty({ format: 'uuid' }) entityId: string;
  @ApiProperty({ enum: AUDIT_ACTIONS }) action: AuditAction;
  @ApiProperty({ description: '{ field: { before, after } }', type: 'object', additionalProperties: true })
  changes: AuditChanges;
  @ApiProperty({ enum: AUDIT_CHANNELS, nullable: true, description: "Null when made signed in; email-link when posted through an e-mail's check-in link (as the owner)" })
  via: AuditChannel | null;
  @ApiProperty() createdAt: Date;
}

export class AuditEventPageDoc {
  @ApiProperty({ type: [AuditEventViewDoc] }) items: AuditEventViewDoc[];
  @ApiProperty() total: number;
}
