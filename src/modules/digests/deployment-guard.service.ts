import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { REDIS } from '../../redis/redis.module';
import { DigestDeliveriesRepository } from './digest-deliveries.repository';

/** Where the queue records the deployment it belongs to (under the deployment's key prefix). */
const DEPLOYMENT_KEY = 'bull:digests:deployment-id';

export type QueueOwnership =
  /** The queue is recorded as this database's (recorded now if it was not yet). */
  | 'ours'
  /** Another database's deployment recorded the queue: same Redis and prefix, other data. */
  | 'foreign';

/** A worker would take jobs of another deployment's queue. */
export class ForeignQueueError extends Error {
  constructor(prefix: string, ours: string, theirs: string) {
    super(
      `The digest queue under Redis key prefix "${prefix}" belongs to deployment ${theirs}, but this database is deployment ${ours}. ` +
        'Give each deployment its own REDIS_KEY_PREFIX (or Redis database); the worker does not start.',
    );
    this.name = 'ForeignQueueError';
  }
}

/**
 * Keeps two deployments that share a Redis and a key prefix from taking each other's jobs: the
 * queue records the id of the database that uses it, and a worker checks it before taking jobs.
 */
@Injectable()
export class DeploymentGuard {
  private databaseId?: string;

  constructor(
    private readonly deliveries: DigestDeliveriesRepository,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  async deploymentId(): Promise<string> {
    this.databaseId ??= await this.deliveries.deploymentId();
    return this.databaseId;
  }

  /** Records this deployment on the queue if none is (a new or emptied Redis), then compares. */
  async ownership(): Promise<{ ownership: QueueOwnership; ours: string; recorded: string }> {
    const ours = await this.deploymentId();
    await this.redis.set(DEPLOYMENT_KEY, ours, 'NX');
    const recorded = (await this.redis.get(DEPLOYMENT_KEY)) ?? ours;
    return { ownership: recorded === ours ? 'ours' : 'foreign', ours, recorded };
  }

  /** Reads what the queue records, without recording anything (for the health check). */
  async recorded(): Promise<string | null> {
    return this.redis.get(DEPLOYMENT_KEY);
  }
}
