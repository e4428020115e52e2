import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import type { ReportInput } from '../../modules/evaluations/report-import/report-import.service';
import { REDIS } from '../../redis/redis.module';

/** How long a report waits between its preview and "Importera". */
export const UPLOAD_TTL_SECONDS = 30 * 60;

/** Who may use an upload: the person, in the session and municipality that sent it. */
export interface UploadOwner {
  sessionId: string;
  userId: string;
  municipalityId: string;
}

interface StoredUpload extends UploadOwner {
  /** The file's bytes (base64), exactly as uploaded, or the pasted text. */
  bytes?: string;
  text?: string;
  fileName: string | null;
}

export interface Upload {
  input: ReportInput;
  fileName: string | null;
}

const UPLOAD_ID = /^[A-Za-z0-9_-]{32}$/;

/**
 * Reports sent to the import page, kept in Redis for a short while so that "Importera" saves
 * exactly what the preview was made from without the file being sent again, and without
 * trusting anything the browser posts back. An upload is found only by the random id it was
 * given, and only for the same person, session and municipality; it expires by itself.
 */
@Injectable()
export class ImportUploads {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  async keep(owner: UploadOwner, upload: Upload): Promise<string> {
    const id = randomBytes(24).toString('base64url');
    const stored: StoredUpload = {
      ...owner,
      fileName: upload.fileName,
      ...('bytes' in upload.input ? { bytes: upload.input.bytes.toString('base64') } : { text: upload.input.text }),
    };
    await this.redis.set(this.key(id), JSON.stringify(stored), 'EX', UPLOAD_TTL_SECONDS);
    return id;
  }

  /** The upload, or null when it expired, never existed, or belongs to someone else. */
  async find(owner: UploadOwner, id: string): Promise<Upload | null> {
    if (!UPLOAD_ID.test(id)) return null;
    const raw = await this.redis.get(this.key(id));
    if (!raw) return null;
    const stored = JSON.parse(raw) as StoredUpload;
    if (stored.sessionId !== owner.sessionId || stored.userId !== owner.userId || stored.municipalityId !== owner.municipalityId) return null;
    return {
      fileName: stored.fileName,
      input: stored.bytes !== undefined ? { bytes: Buffer.from(stored.bytes, 'base64') } : { text: stored.text ?? '' },
    };
  }

  async forget(id: string): Promise<void> {
    if (UPLOAD_ID.test(id)) await this.redis.del(this.key(id));
  }

  private key(id: string): string {
    return `web-import:${id}`;
  }
}
