import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { claimForSending, findLeasedSend, finishSending } from '../../database/leased-send';
import { Notification, NotificationOptOut } from './notification.entity';
import type { NotificationKind, OptionalNotificationKind } from './notifications.constants';

export interface NotificationToRecord {
  municipalityId: string;
  userId: string;
  actionPlanId: string;
  kind: NotificationKind;
  occasion: string;
}

/** The notifications' own tables: what was recorded and sent, and what each user turned off. */
@Injectable()
export class NotificationsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Records the notifications not recorded before (the unique key decides); returns the new ones' ids. */
  async record(rows: NotificationToRecord[], manager: EntityManager = this.dataSource.manager): Promise<string[]> {
    if (rows.length === 0) return [];
    const result = await manager.createQueryBuilder().insert().into(Notification).values(rows).orIgnore().returning(['id']).execute();
    return (result.raw as { id: string }[]).map((row) => row.id);
  }

  find(id: string): Promise<Notification | null> {
    return findLeasedSend(this.dataSource.manager, Notification, id);
  }

  /** Takes a queued notification, or one whose holder's lease has ended, for this worker. */
  async claim(id: string, leaseSeconds: number): Promise<Notification | 'already-done' | 'claimed-elsewhere'> {
    const claimed = await claimForSending(this.dataSource.manager, Notification, id, leaseSeconds);
    if (claimed) return claimed;
    const current = await this.find(id);
    return current?.status === 'sending' ? 'claimed-elsewhere' : 'already-done';
  }

  /** Ends this worker's hold, if it still has it. */
  finish(notification: Notification, changes: Partial<Notification>): Promise<void> {
    return finishSending(this.dataSource.manager, Notification, notification, changes);
  }

  /** Notifications that lost their job: queued and untouched for `queuedForMs`, or sending with the lease ended. */
  async lost(queuedForMs: number): Promise<string[]> {
    const rows = await this.dataSource.query<{ id: string }[]>(
      `SELECT id FROM notification
        WHERE (status = 'queued' AND updated_at < now() - make_interval(secs => $1::double precision))
           OR (status = 'sending' AND lease_until < now())
        ORDER BY created_at LIMIT 1000`,
      [queuedForMs / 1000],
    );
    return rows.map((row) => row.id);
  }

  async optedOut(userIds: string[]): Promise<{ userId: string; kind: OptionalNotificationKind }[]> {
    if (userIds.length === 0) return [];
    return this.dataSource.getRepository(NotificationOptOut).find({ where: { userId: In(userIds) }, select: { userId: true, kind: true } });
  }

  /** Makes `off` exactly the kinds a user has turned off. */
  async setOptedOut(userId: string, off: OptionalNotificationKind[]): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.delete(NotificationOptOut, { userId });
      if (off.length > 0) await manager.insert(NotificationOptOut, off.map((kind) => ({ userId, kind })));
    });
  }

  async optOut(userId: string, kind: OptionalNotificationKind): Promise<void> {
    await this.dataSource.createQueryBuilder().insert().into(NotificationOptOut).values({ userId, kind }).orIgnore().execute();
  }

  async historyOf(actionPlanId: string): Promise<Notification[]> {
    return this.dataSource.getRepository(Notification).find({ where: { actionPlanId }, order: { createdAt: 'ASC' } });
  }
}
