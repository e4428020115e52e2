import { Check, Column, CreateDateColumn, Entity, Index, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { Role } from '../../../common/auth/actor';
import { Municipality } from '../municipalities/municipality.entity';
import type { Locale } from '../municipalities/municipality.entity';
import { normaliseEmail } from './email-address';

/** Users are deactivated, never deleted: history points at them. (`user` is reserved in SQL.) */
@Entity('app_user')
@Index('UQ_user_email', ['email'], { unique: true })
@Check(`"role" IN ('admin', 'manager', 'owner', 'viewer')`)
export class User {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  @Index()
  municipalityId: string;

  @ManyToOne(() => Municipality, { onDelete: 'RESTRICT' })
  municipality?: Municipality;

  /** Always stored, and compared in `where` conditions, in its normalised form (see normaliseEmail). */
  @Column('varchar', {
    length: 254,
    transformer: { to: (value: unknown) => (typeof value === 'string' ? normaliseEmail(value) : value), from: (value: string) => value },
  })
  email: string;

  @Column('varchar', { length: 200 })
  name: string;

  @Column('varchar', { length: 16 })
  role: Role;

  /** Förvaltning or enhet, free text. */
  @Column('varchar', { length: 200, nullable: true })
  unit: string | null;

  @Column('varchar', { length: 2, default: 'sv' })
  locale: Locale;

  @Column('boolean', { default: true })
  active: boolean;

  @Column('varchar', { length: 255, select: false })
  passwordHash: string;

  /**
   * Moves on with every password change; sessions and tokens carry the version they were issued
   * under, and one of an older version no longer signs anyone in.
   */
  @Column('integer', { default: 0, select: false })
  credentialsVersion: number;

  @Column('boolean')
  leadershipDigest: boolean;

  @Column('boolean', { default: true })
  ownerDigest: boolean;

  /** The last successful sign-in, by the API or a page; null for someone who never signed in. */
  @Column('timestamptz', { nullable: true })
  lastLoginAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
