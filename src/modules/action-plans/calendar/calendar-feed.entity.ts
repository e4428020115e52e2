import { Column, CreateDateColumn, Entity, Index, ManyToOne, PrimaryColumn } from 'typeorm';
import { User } from '../../identity/users/user.entity';

/**
 * A user's private calendar address (the `.ics` feed of their due dates): one per user, found by
 * its random token. Making a new address replaces the token, so the old address stops working;
 * turning the calendar off deletes the row.
 */
@Entity()
export class CalendarFeed {
  @PrimaryColumn('uuid')
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  user?: User;

  @Column('uuid')
  municipalityId: string;

  /** 32 random bytes in base64url: the secret part of the address. */
  @Index('UQ_calendar_feed_token', { unique: true })
  @Column('varchar', { length: 64 })
  token: string;

  /** A manager's choice: every open plan of the municipality rather than only their own. */
  @Column('boolean', { default: false })
  allPlans: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
