import { Injectable } from '@nestjs/common';
import type { Actor } from '../../common/auth/actor';
import { UsersService } from '../identity/users/users.service';
import { RenderedMail } from '../mail';
import { DigestDeliverer } from './digest-deliverer.service';
import { DigestKind } from './digest-delivery.entity';
import { DigestView } from './digest-view';

/**
 * What a user of the caller's municipality would get now, without sending or recording anything,
 * and without the owner's check-in links (they would let the manager previewing report as the owner).
 */
@Injectable()
export class DigestPreviewService {
  constructor(
    private readonly users: UsersService,
    private readonly deliverer: DigestDeliverer,
  ) {}

  async preview(actor: Actor, kind: DigestKind, userId: string): Promise<{ view: DigestView; mail: RenderedMail }> {
    const user = await this.users.get(actor, userId);
    return this.deliverer.render(kind, actor.municipalityId, user, undefined, { checkInLinks: false });
  }
}
