import { Injectable } from '@nestjs/common';
import type { Actor } from '../../common/auth/actor';
import { UsersService } from '../../modules/identity/users/users.service';

/** Choices of the plan forms, read through the owning modules' services. */
@Injectable()
export class PlanFormOptions {
  constructor(private readonly users: UsersService) {}

  /**
   * People offered as owner: active users whose role can post progress. The action-plan service
   * decides what it accepts; this only keeps the choices to those it would.
   */
  async owners(actor: Actor): Promise<{ id: string; name: string; unit: string | null }[]> {
    const { items } = await this.users.list(actor, { active: true, limit: 500, offset: 0 });
    return items.filter((user) => user.role !== 'viewer').map((user) => ({ id: user.id, name: user.name, unit: user.unit }));
  }
}
