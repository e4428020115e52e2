export const DIGEST_QUEUE = 'digests';

export const DIGEST_JOBS = {
  /** The hourly scheduler job: fans out the digests that have come due. */
  tick: 'tick',
  /** Render and send one recorded delivery; data `{ deliveryId }`. */
  deliver: 'deliver',
} as const;

export const DIGEST_TICK_SCHEDULER_ID = 'digest-tick';

export interface DeliverJobData {
  deliveryId: string;
}
