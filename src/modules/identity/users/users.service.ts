import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, Role } from '../../../common/auth/actor';
import { ForbiddenError, ValidationFailedError } from '../../../common/errors/domain-error';
import { Page } from '../../../common/pagination/pagination.dto';
import { isUniqueViolation } from '../../../database/postgres-errors';
import { definedFields } from '../../../common/http/defined-fields';
import { changedFields, createdFields } from '../../audit/audit-changes';
import { AuditActor, AuditService } from '../../audit/audit.service';
import { LoginRateLimiter } from '../auth/login-rate-limiter';
import { hashPassword, verifyPassword } from './password-hasher';
import { passwordWeakness } from './password-policy';
import type { PasswordContext } from './password-policy';
import { CreateUserDto, SELF_EDITABLE_USER_FIELDS, UpdateUserDto, UserListQuery } from './user.dto';
import { User } from './user.entity';
import { toUserView } from './user-view';
import type { DigestRecipient, UserView } from './user-view';
import { UsersRepository } from './users.repository';
import { credentialsChanged, emailTaken, selfLockout, userNotFound, weakPassword } from '../identity.errors';

/** The fields an audit row shows; never the password hash. */
const AUDITED_FIELDS: (keyof User)[] = [
  'email',
  'name',
  'role',
  'unit',
  'locale',
  'active',
  'leadershipDigest',
  'ownerDigest',
];

const LEADERSHIP_ROLES: Role[] = ['admin', 'manager', 'viewer'];

/**
 * Work another module keeps for a user who is being deactivated or made a viewer (`user`, as
 * changed), run inside the user's change: it hands the work to `successor`, or throws to refuse
 * the change. `successor` is undefined when the request named none, null when it named a user
 * the municipality does not have.
 */
export type WorkHandOver = (manager: EntityManager, actor: Actor, user: UserView, successor: UserView | null | undefined) => Promise<void>;

@Injectable()
export class UsersService {
  private readonly handOvers: WorkHandOver[] = [];

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: UsersRepository,
    private readonly audit: AuditService,
    private readonly rateLimiter: LoginRateLimiter,
  ) {}

  /**
   * Modules that give users work (action plans have owners) register here at start-up, so
   * identity never imports them and dependencies keep pointing one way.
   */
  registerWorkHandOver(handOver: WorkHandOver): void {
    this.handOvers.push(handOver);
  }

  async list(actor: Actor, query: UserListQuery): Promise<Page<UserView>> {
    const [items, total] = await this.repository.page(actor.municipalityId, { role: query.role, active: query.active }, query);
    return { items: items.map(toUserView), total };
  }

  async get(actor: Pick<Actor, 'municipalityId'>, id: string): Promise<UserView> {
    const [user] = await this.repository.ofMunicipality(actor.municipalityId, [id]);
    if (!user) throw userNotFound();
    return toUserView(user);
  }

  /** Active users of the caller's municipality among `ids`, for checks in other modules. */
  async findActive(municipalityId: string, ids: string[]): Promise<UserView[]> {
    return (await this.repository.ofMunicipality(municipalityId, ids, { activeOnly: true })).map(toUserView);
  }

  /** Active users of the municipality with the digests each has chosen. */
  digestSubscribers(municipalityId: string): Promise<{ id: string; leadershipDigest: boolean; ownerDigest: boolean }[]> {
    return this.repository.digestSubscribers(municipalityId);
  }

  /** The municipality's users among `ids`, active or not. */
  async ofMunicipality(municipalityId: string, ids: string[], manager?: EntityManager): Promise<UserView[]> {
    return (await this.repository.ofMunicipality(municipalityId, ids, { manager })).map(toUserView);
  }

  /** The recipient of a digest of the municipality (active or not: the sender decides), or null. */
  digestRecipient(municipalityId: string, id: string): Promise<DigestRecipient | null> {
    return this.repository.digestRecipient(municipalityId, id);
  }

  /** Names of the municipality's users among `ids`, active or not (history names whoever acted). */
  async namesOf(municipalityId: string, ids: string[], manager?: EntityManager): Promise<Map<string, string>> {
    const users = await this.repository.namesOf(municipalityId, [...new Set(ids)], manager);
    return new Map(users.map((user) => [user.id, user.name]));
  }

  create(actor: Actor, input: CreateUserDto): Promise<UserView> {
    return this.createInMunicipality(actor.municipalityId, input, actor);
  }

  /** Also used by the command line, where no user is signed in. */
  async createInMunicipality(municipalityId: string, input: CreateUserDto, auditActor: AuditActor): Promise<UserView> {
    this.assertStrongPassword(input.password, { email: input.email, name: input.name });
    const passwordHash = await hashPassword(input.password);
    try {
      return await this.insertUser(municipalityId, input, passwordHash, auditActor);
    } catch (error) {
      // Two creations with one address at once: the unique index decides, the loser gets 409.
      if (isUniqueViolation(error, 'UQ_user_email')) throw emailTaken();
      throw error;
    }
  }

  private insertUser(municipalityId: string, input: CreateUserDto, passwordHash: string, auditActor: AuditActor): Promise<UserView> {
    return this.dataSource.transaction(async (manager) => {
      await this.assertEmailFree(manager, input.email);
      const user = await this.repository.save(
        manager,
        manager.create(User, {
          municipalityId,
          email: input.email,
          name: input.name,
          role: input.role,
          unit: input.unit ?? null,
          locale: input.locale ?? 'sv',
          passwordHash,
          leadershipDigest: input.leadershipDigest ?? LEADERSHIP_ROLES.includes(input.role),
          ownerDigest: input.ownerDigest ?? true,
        }),
      );
      await this.audit.record(manager, auditActor, {
        entityType: 'user',
        entityId: user.id,
        action: 'create',
        changes: createdFields(user, AUDITED_FIELDS),
      });
      return toUserView(await this.repository.byIdOrFail(user.id, manager));
    });
  }

  async update(actor: Actor, id: string, input: UpdateUserDto): Promise<UserView> {
    const changes = definedFields(input);
    const editingSelf = actor.userId === id;
    if (actor.role !== 'admin') {
      const adminOnly = Object.keys(changes).filter((field) => !SELF_EDITABLE_USER_FIELDS.includes(field as keyof UpdateUserDto));
      if (!editingSelf) throw new ForbiddenError('Only an admin may change other users');
      if (adminOnly.length > 0) throw new ForbiddenError(`Only an admin may change ${adminOnly.join(', ')}`);
    }
    if (editingSelf && (changes.active === false || (changes.role !== undefined && changes.role !== actor.role))) {
      throw selfLockout();
    }
    const { password, currentPassword, successorId, ...fields } = changes;
    const losesWork = fields.active === false || fields.role === 'viewer';
    if (successorId !== undefined && !losesWork) {
      throw new ValidationFailedError([{ field: 'successorId', message: 'successorId goes with active false or role viewer: it names who takes over the open work' }]);
    }
    let passwordHash: string | undefined;
    if (password !== undefined) {
      const target = await this.get(actor, id);
      // An admin resets another user's password without knowing it; one's own needs the current one,
      // so that a stolen token alone cannot take the account over.
      if (editingSelf) await this.assertCurrentPassword(id, currentPassword);
      this.assertStrongPassword(password, { email: target.email, name: fields.name ?? target.name });
      passwordHash = await hashPassword(password);
    } else if (currentPassword !== undefined) {
      throw new ValidationFailedError([{ field: 'currentPassword', message: 'currentPassword is only needed together with password' }]);
    }

    return this.dataSource.transaction(async (manager) => {
      const before = await this.repository.lock(manager, actor.municipalityId, id);
      if (!before) throw userNotFound();
      const after = manager.create(User, { ...before, ...fields });
      if (passwordHash) after.passwordHash = passwordHash;
      if (losesWork) {
        const [named] = successorId === undefined ? [] : await this.repository.ofMunicipality(actor.municipalityId, [successorId], { manager });
        const successor = successorId === undefined ? undefined : named ? toUserView(named) : null;
        for (const handOver of this.handOvers) await handOver(manager, actor, toUserView(after), successor);
      }
      await this.repository.save(manager, after);
      // Every earlier token and session of the user ends with the old password.
      if (passwordHash) await this.repository.advanceCredentialsVersion(manager, id);
      const audited = changedFields<User>(before, after, AUDITED_FIELDS);
      if (passwordHash) audited.password = { before: '(hidden)', after: '(changed)' };
      await this.audit.record(manager, actor, { entityType: 'user', entityId: id, action: 'update', changes: audited });
      return toUserView(await this.repository.byIdOrFail(id, manager));
    });
  }

  /**
   * A new password set through a verified reset link, which stands in for the current password:
   * checked for strength like any other, audited as the user's own change, and moving the
   * credentials version on so every earlier session and token ends. With `credentialsVersion`
   * (the one a link was issued under) it is refused, changing nothing, when the version has
   * moved on since: another password change came first.
   */
  async resetPassword(
    municipalityId: string,
    userId: string,
    password: string,
    { how = '(reset by e-mail link)', credentialsVersion }: { how?: string; credentialsVersion?: number } = {},
  ): Promise<UserView> {
    const actor = await this.actorOf(municipalityId, userId);
    const target = await this.get(actor, userId);
    this.assertStrongPassword(password, { email: target.email, name: target.name });
    const passwordHash = await hashPassword(password);
    await this.dataSource.transaction(async (manager) => {
      if (credentialsVersion === undefined) await this.repository.advanceCredentialsVersion(manager, userId);
      else if (!(await this.repository.advanceCredentialsVersionFrom(manager, userId, credentialsVersion))) throw credentialsChanged();
      await this.repository.setPasswordHash(manager, municipalityId, userId, passwordHash);
      await this.audit.record(manager, actor, {
        entityType: 'user',
        entityId: userId,
        action: 'update',
        changes: { password: { before: '(hidden)', after: how } },
      });
    });
    return target;
  }

  private async actorOf(municipalityId: string, userId: string): Promise<Actor> {
    const [user] = await this.repository.ofMunicipality(municipalityId, [userId]);
    if (!user) throw userNotFound();
    return { userId: user.id, municipalityId: user.municipalityId, role: user.role };
  }

  /** Checked like a login: each try counts against the account's login limit. */
  private async assertCurrentPassword(userId: string, currentPassword: string | undefined): Promise<void> {
    if (currentPassword === undefined) {
      throw new ValidationFailedError([{ field: 'currentPassword', message: 'currentPassword is needed to change your own password' }]);
    }
    await this.rateLimiter.registerAttempt({ kind: 'account', userId });
    if (!(await verifyPassword(await this.repository.passwordHashOf(userId), currentPassword))) {
      throw new ValidationFailedError([{ field: 'currentPassword', message: 'currentPassword is not your current password' }]);
    }
  }

  private assertStrongPassword(password: string, context: PasswordContext): void {
    const weakness = passwordWeakness(password, context);
    if (weakness) throw weakPassword(weakness);
  }

  private async assertEmailFree(manager: EntityManager, email: string): Promise<void> {
    if (await this.repository.emailTaken(manager, email)) throw emailTaken();
  }
}
