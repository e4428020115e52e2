import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** A plan got an owner: on creation (no previous owner), by an edit, or handed over when its owner left. */
export interface PlanOwnerAssigned {
  municipalityId: string;
  actionPlanId: string;
  /** The plan's version after the change: one assignment, one version. */
  version: number;
  ownerId: string;
  previousOwnerId: string | null;
}

export type PlanOwnerListener = (manager: EntityManager, event: PlanOwnerAssigned) => Promise<void>;

/**
 * Tells whoever registered (the notifications) that a plan got an owner, inside the transaction
 * that made the change: what a listener records commits or rolls back with it. Action plans know
 * nothing of their listeners.
 */
@Injectable()
export class PlanOwnerEvents {
  private readonly listeners: PlanOwnerListener[] = [];

  register(listener: PlanOwnerListener): void {
    this.listeners.push(listener);
  }

  async assigned(manager: EntityManager, event: PlanOwnerAssigned): Promise<void> {
    for (const listener of this.listeners) await listener(manager, event);
  }
}

/** An open plan that calls for a reminder or an overdue notice to its owner today. */
export interface PlanNoticeDue {
  actionPlanId: string;
  municipalityId: string;
  ownerId: string;
  dueDate: string;
  notice: 'reminder' | 'overdue';
}
