// Admin actions as transactions: load what the rule needs, call the pure rule, apply its changes
// and audit entries in the same transaction. Refusals are values (`Result`), never exceptions.
import type { ActionContext, AddUserInput, AssignTarget, MergeUsersInput } from '../domain/actions/index.ts';
import * as rules from '../domain/actions/index.ts';
import type { Change } from '../domain/changes.ts';
import type { DomainError, Result } from '../domain/errors.ts';
import { fail, ok } from '../domain/errors.ts';
import type { IdentifierInput, UserRecord } from '../domain/types.ts';
import { type ApplyResult, applyChanges } from '../store/apply.ts';
import type { Db, Tx } from '../store/database.ts';
import { StoreConflictError } from '../store/errors.ts';
import { loadUser } from '../store/users.ts';
import { type ContextNeeds, loadActionContext } from './context-loader.ts';

export type Clock = () => Date;

/** The attributes a PATCH may change; absent means unchanged, null clears. */
export interface UserEdit {
  displayName?: string | null;
  timeZone?: string | null;
  primaryGroup?: string | null;
}

/** Rolls the transaction back while carrying a refusal out of it. */
class Refusal extends Error {
  readonly domainError: DomainError;
  constructor(domainError: DomainError) {
    super(domainError.message);
    this.domainError = domainError;
  }
}

export class AdminService {
  readonly #db: Db;
  readonly #clock: Clock;

  constructor(db: Db, clock: Clock = () => new Date()) {
    this.#db = db;
    this.#clock = clock;
  }

  /**
   * One action: one transaction. `rule` reads the loaded context; `result` reads the store after
   * the changes, in the same transaction, to answer the caller.
   */
  async #act<T>(
    needs: ContextNeeds,
    rule: (ctx: ActionContext) => Result<Change[]>,
    result: (tx: Tx, applied: ApplyResult) => Promise<T>,
  ): Promise<Result<T>> {
    const now = this.#clock();
    try {
      const value = await this.#db.transaction(async (tx) => {
        const ctx = await loadActionContext(tx, needs, now);
        const planned = rule(ctx);
        if (!planned.ok) throw new Refusal(planned.error);
        const applied = await applyChanges(tx, planned.value, { actor: { kind: 'admin' }, now });
        return result(tx, applied);
      });
      return ok(value);
    } catch (error) {
      if (error instanceof Refusal || error instanceof StoreConflictError) {
        return { ok: false, error: error.domainError };
      }
      throw error;
    }
  }

  #userAfter(userId: number) {
    return async (tx: Tx): Promise<UserRecord> => {
      const user = await loadUser(tx, userId);
      if (!user) throw new Error(`user ${userId} vanished inside its own transaction`);
      return user;
    };
  }

  async getUser(userId: number): Promise<Result<UserRecord>> {
    const user = await loadUser(this.#db, userId);
    return user ? ok(user) : fail('not_found', `User ${userId} does not exist.`, { userId });
  }

  addUser(input: AddUserInput): Promise<Result<UserRecord>> {
    return this.#act(
      {
        identifiers: input.identifiers ?? [],
        displayNames: [input.displayName],
        agentIds: input.agentIds ?? [],
      },
      (ctx) => rules.addUser(ctx, input),
      (tx, applied) => this.#userAfter(applied.users.get(rules.NEW_USER_REF)!)(tx),
    );
  }

  editDisplayName(userId: number, name: string | null): Promise<Result<UserRecord>> {
    return this.#act(
      { userIds: [userId], displayNames: [name] },
      (ctx) => rules.editDisplayName(ctx, userId, name),
      this.#userAfter(userId),
    );
  }

  addIdentifier(userId: number, input: IdentifierInput): Promise<Result<UserRecord>> {
    return this.#act(
      { userIds: [userId], identifiers: [input] },
      (ctx) => rules.addIdentifier(ctx, userId, input),
      this.#userAfter(userId),
    );
  }

  editIdentifier(userId: number, identifierId: number, input: IdentifierInput): Promise<Result<UserRecord>> {
    return this.#act(
      { userIds: [userId], identifiers: [input] },
      (ctx) => rules.editIdentifier(ctx, userId, identifierId, input),
      this.#userAfter(userId),
    );
  }

  removeIdentifier(userId: number, identifierId: number): Promise<Result<UserRecord>> {
    return this.#act(
      { userIds: [userId] },
      (ctx) => rules.removeIdentifier(ctx, userId, identifierId),
      this.#userAfter(userId),
    );
  }

  setTimeZone(userId: number, timeZone: string | null): Promise<Result<UserRecord>> {
    return this.#act(
      { userIds: [userId] },
      (ctx) => rules.setTimeZone(ctx, userId, timeZone),
      this.#userAfter(userId),
    );
  }

  setPrimaryGroup(userId: number, group: string | null): Promise<Result<UserRecord>> {
    return this.#act(
      { userIds: [userId] },
      (ctx) => rules.setPrimaryGroup(ctx, userId, group),
      this.#userAfter(userId),
    );
  }

  /**
   * Several attribute edits of one user (the API's PATCH) as one action: every field's rule must
   * allow its edit, or none is applied.
   */
  editUser(userId: number, edit: UserEdit): Promise<Result<UserRecord>> {
    return this.#act(
      { userIds: [userId], displayNames: edit.displayName === undefined ? [] : [edit.displayName] },
      (ctx) => {
        const steps: Array<() => Result<Change[]>> = [];
        if (edit.displayName !== undefined)
          steps.push(() => rules.editDisplayName(ctx, userId, edit.displayName!));
        if (edit.timeZone !== undefined) steps.push(() => rules.setTimeZone(ctx, userId, edit.timeZone!));
        if (edit.primaryGroup !== undefined)
          steps.push(() => rules.setPrimaryGroup(ctx, userId, edit.primaryGroup!));
        const changes: Change[] = [];
        for (const step of steps) {
          const planned = step();
          if (!planned.ok) return planned;
          changes.push(...planned.value);
        }
        return ok(changes);
      },
      this.#userAfter(userId),
    );
  }

  trackUser(userId: number): Promise<Result<UserRecord>> {
    return this.#act({ userIds: [userId] }, (ctx) => rules.trackUser(ctx, userId), this.#userAfter(userId));
  }

  untrackUser(userId: number): Promise<Result<UserRecord>> {
    return this.#act({ userIds: [userId] }, (ctx) => rules.untrackUser(ctx, userId), this.#userAfter(userId));
  }

  assignAgent(agentId: number, target: AssignTarget): Promise<Result<UserRecord>> {
    const newUser = 'newUser' in target ? target.newUser : null;
    return this.#act(
      {
        agentIds: [agentId, ...(newUser?.agentIds ?? [])],
        userIds: 'userId' in target ? [target.userId] : [],
        identifiers: newUser?.identifiers ?? [],
        displayNames: [newUser?.displayName],
      },
      (ctx) => rules.assignAgent(ctx, agentId, target),
      (tx, applied) =>
        this.#userAfter('userId' in target ? target.userId : applied.users.get(rules.NEW_USER_REF)!)(tx),
    );
  }

  mergeAgents(userId: number, agentIds: number[], confirm: boolean): Promise<Result<UserRecord>> {
    return this.#act(
      { userIds: [userId], agentIds },
      (ctx) => rules.mergeAgents(ctx, userId, agentIds, confirm),
      this.#userAfter(userId),
    );
  }

  mergeUsers(input: MergeUsersInput): Promise<Result<UserRecord>> {
    return this.#act(
      { userIds: [input.primaryUserId, ...input.userIds] },
      (ctx) => rules.mergeUsers(ctx, input),
      this.#userAfter(input.primaryUserId),
    );
  }

  resetUserData(userId: number, confirm: boolean): Promise<Result<UserRecord>> {
    return this.#act(
      { userIds: [userId] },
      (ctx) => rules.resetUserData(ctx, userId, confirm),
      this.#userAfter(userId),
    );
  }

  deleteUser(userId: number, confirm: boolean): Promise<Result<{ deleted: number }>> {
    return this.#act(
      { userIds: [userId] },
      (ctx) => rules.deleteUser(ctx, userId, confirm),
      async () => ({ deleted: userId }),
    );
  }
}
