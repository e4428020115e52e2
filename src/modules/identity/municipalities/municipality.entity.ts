import { Check, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

import type { Locale } from './municipality.constants';
export { LOCALES } from './municipality.constants';
export type { Locale } from './municipality.constants';

/** The tenant: every municipality's data is visible only to its own users. */
@Entity()
@Check(`"digest_weekday" BETWEEN 1 AND 7`)
@Check(`"digest_hour" BETWEEN 0 AND 23`)
export class Municipality {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** SCB's four-digit municipality code, e.g. 2084 for Avesta. */
  @Column('char', { length: 4, unique: true })
  code: string;

  @Column('varchar', { length: 100 })
  name: string;

  @Column('varchar', { length: 64, default: 'Europe/Stockholm' })
  timezone: string;

  @Column('varchar', { length: 2, default: 'sv' })
  locale: Locale;

  /** ISO weekday of the weekly digest, 1 = Monday. */
  @Column('smallint', { default: 1 })
  digestWeekday: number;

  /** Local hour of the weekly digest. */
  @Column('smallint', { default: 7 })
  digestHour: number;

  @Column('smallint', { default: 30 })
  staleAfterDays: number;

  @Column('smallint', { default: 14 })
  dueSoonDays: number;

  @Column('date', { nullable: true })
  nextEvaluationDate: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
