// One Durable Object per group chat (named by the group id): its settings, members and roles,
// the log of messages and changes in one gap-free sequence, invites, receipts, and the fan-out of
// every event to the members' user objects. The Worker and the members' objects call its RPC
// methods; each checks membership and role itself. An object asked about a group it does not
// hold writes nothing (docs/reliability.md, "Objects created at will").
import { DurableObject } from "cloudflare:workers";
import { GROUP_MAX_MEMBERS_DEFAULT, type CreateGroupBody, type UpdateGroupBody } from "../protocol/groups";
import { memberAccess, notFound } from "./group-room/access";
import type { GroupRoomApi, NewGroupMessage } from "./group-room/api";
import { FollowUps } from "./group-room/follow-ups";
import { hashToken, inviteValid, newInviteToken, revokeInvite, storeInvite } from "./group-room/invites";
import { fileInLog, logPage, messageByClientId, messageById } from "./group-room/log";
import { editMessage, postMessage, recallMessage } from "./group-room/messages";
import {
  addMembers,
  createGroup,
  dissolve,
  joinGroup,
  leaveDeletedAccount,
  removeMember,
  setRole,
  transferOwner,
  updateGroup,
} from "./group-room/membership";
import { PendingPositions, receiptCounts, RECEIPTS_INTERVAL_MS, sendReceiptsRound } from "./group-room/receipts";
import { allMembers, memberUids, readSettings, toGroup, toGroupMember } from "./group-room/state";
import { userSession } from "../workers/lib/user-session";
import { archivedMessage, pruneLog, prunedUpTo, PRUNE_EVERY_MS } from "./group-room/retention";
import { groupMysqlBacklog } from "./group-room/write-behind";
import { callQueueDepth } from "./user-session/call-queue";
import { findOwnFile, hashContent } from "./user-session/attachments";
import type { StoredFile } from "../protocol/files";
import { upgradeTables } from "./group-room/storage";
import { CostMeter } from "./user-session/cost";
import { readChatSettings } from "./user-session/object-services";
import { readRetention } from "./user-session/retention";

type Verdict = { ok: boolean };

export class GroupRoom extends DurableObject<Env> implements GroupRoomApi {
  readonly #followUps: FollowUps;
  readonly #maxMembers: number;
  #lastReceiptsAt = 0;
  readonly #positions = new PendingPositions();
  /** When this instance last pruned the log (retention.ts); 0: not yet, so the first wake does. */
  #prunedAt = 0;
  /** What this object spends (`cost.*` in stats(), as the user objects count it), for the bench. */
  readonly #cost = new CostMeter();
  readonly #sql: SqlStorage;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    const max = Number(env.GROUP_MAX_MEMBERS);
    this.#maxMembers = Number.isInteger(max) && max > 0 ? max : GROUP_MAX_MEMBERS_DEFAULT;
    this.#sql = this.#cost.countingSql(ctx.storage.sql);
    upgradeTables(ctx.storage);
    this.#followUps = new FollowUps(ctx, env, () => this.#receiptsTask(), this.#cost);
  }

  /**
   * Runs a change in one transaction, then delivers what it queued. A group this object does not
   * hold is answered without a transaction: nothing is written for it.
   */
  async #change<T extends Verdict>(
    run: (sql: SqlStorage, now: number) => T,
    opts = { requireGroup: true },
  ): Promise<T | ReturnType<typeof notFound>> {
    if (opts.requireGroup && !readSettings(this.#sql)) return notFound();
    const verdict = this.#cost.transaction(this.ctx.storage, () => run(this.#sql, Date.now()));
    if (verdict.ok) await this.#followUps.afterCommit({ calls: true, mysql: true });
    return verdict;
  }

  async create(groupId: string, creator: number, body: CreateGroupBody) {
    return this.#change((sql, now) => createGroup(sql, groupId, creator, body, this.#maxMembers, now), { requireGroup: false });
  }

  async get(caller: number) {
    const access = memberAccess(this.#sql, caller);
    if (!access.ok) return access;
    return { ok: true as const, group: toGroup(this.#sql, access.s), role: access.me.role };
  }

  async update(caller: number, change: UpdateGroupBody) {
    return this.#change((sql, now) => updateGroup(sql, caller, change, now));
  }

  async members(caller: number) {
    const access = memberAccess(this.#sql, caller);
    if (!access.ok) return access;
    return { ok: true as const, members: allMembers(this.#sql).map(toGroupMember) };
  }

  async addMembers(caller: number, uids: number[]) {
    return this.#change((sql, now) => addMembers(sql, caller, uids, this.#maxMembers, now));
  }

  async removeMember(caller: number, target: number) {
    return this.#change((sql, now) => removeMember(sql, caller, target, now));
  }

  async setRole(caller: number, target: number, role: "admin" | "member") {
    return this.#change((sql, now) => setRole(sql, caller, target, role, now));
  }

  async transferOwner(caller: number, to: number) {
    return this.#change((sql, now) => transferOwner(sql, caller, to, now));
  }

  async dissolve(caller: number) {
    return this.#change((sql, now) => dissolve(sql, caller, now));
  }

  async removeDeletedAccount(uid: number) {
    return this.#change((sql, now) => leaveDeletedAccount(sql, uid, now));
  }

  async createInvite(caller: number, ttlSeconds: number) {
    const settings = readSettings(this.#sql);
    if (!settings) return notFound();
    const token = newInviteToken(settings.groupId);
    const tokenHash = await hashToken(token);
    const expiresAt = Date.now() + ttlSeconds * 1000;
    const verdict = await this.#change((sql) => storeInvite(sql, caller, tokenHash, expiresAt));
    if (!verdict.ok) return verdict;
    return { ok: true as const, token, expiresAt: new Date(expiresAt).toISOString() };
  }

  async revokeInvite(caller: number, token: string) {
    const tokenHash = await hashToken(token);
    return this.#change((sql) => revokeInvite(sql, caller, tokenHash));
  }

  async joinByInvite(caller: number, token: string) {
    const tokenHash = await hashToken(token);
    const invalid = { ok: false as const, code: "INVITE_INVALID" as const, message: "this invite link is unknown, expired or revoked" };
    const s = readSettings(this.#sql);
    if (!s || s.dissolvedAt !== undefined) return invalid;
    return this.#change((sql, now) => (inviteValid(sql, tokenHash, now) ? joinGroup(sql, s, caller, this.#maxMembers, now) : invalid));
  }

  async post(message: NewGroupMessage) {
    const bodyHash = await hashContent(message.body, message.fileId);
    const file = await this.#attachment(message);
    return this.#change((sql, now) => postMessage(sql, { ...message, ...(file ? { file } : {}) }, bodyHash, now));
  }

  /**
   * The file a message attaches, looked up in MySQL (one SELECT) only for a new message of a
   * member: a non-member's post or a retry costs no lookup (postMessage answers them). Here rather
   * than in the sender's object, which would look it up again for every retry. MySQL down: throws,
   * and the sender's object answers DELIVERY_FAILED (nothing stored; retry).
   */
  async #attachment(m: NewGroupMessage): Promise<StoredFile | undefined> {
    if (m.fileId === undefined) return undefined;
    if (!memberAccess(this.#sql, m.from).ok || messageByClientId(this.#sql, m.from, m.clientMsgId)) return undefined;
    return findOwnFile(this.env, m.from, m.fileId);
  }

  async recall(caller: number, messageId: string) {
    const windowMs = readChatSettings(this.env).recallWindowMs;
    const s = readSettings(this.#sql);
    // A message pruned from the log is looked up in MySQL (only an admin may still recall it).
    const archived =
      s && prunedUpTo(this.#sql) > 0 && !messageById(this.#sql, messageId)
        ? await archivedMessage(this.env, s.groupId, messageId)
        : undefined;
    return this.#change((sql, now) => recallMessage(sql, caller, messageId, windowMs, now, archived));
  }

  async edit(caller: number, messageId: string, body: string) {
    const windowMs = readChatSettings(this.env).editWindowMs;
    return this.#change((sql, now) => editMessage(sql, caller, messageId, body, windowMs, now));
  }

  /** Live only: no transaction, no call queue; a member's object that does not answer misses it. */
  async typing(caller: number) {
    const access = memberAccess(this.#sql, caller);
    if (!access.ok) return access;
    const others = memberUids(this.#sql).filter((uid) => uid !== caller);
    await Promise.allSettled(others.map((uid) => userSession(this.env, uid).typingFrom(caller, access.s.groupId)));
    return { ok: true as const };
  }

  /** Held in memory until the next receipts round writes it (receipts.ts, PendingPositions). */
  async markPosition(caller: number, kind: "read" | "delivered", upToSeq: number) {
    if (!readSettings(this.#sql)) return notFound();
    const verdict = this.#positions.note(this.#sql, caller, kind, upToSeq);
    if (!verdict.ok) return verdict;
    if (verdict.moved) await this.#followUps.schedule(Math.max(Date.now(), this.#lastReceiptsAt + RECEIPTS_INTERVAL_MS));
    return { ok: true as const };
  }

  /**
   * A history page from the object's own log while MySQL is behind; otherwise `mysqlAfterSeq`
   * (what the caller may see starts after it) and no entries: the Worker reads MySQL.
   */
  async history(caller: number, before: number | undefined, limit: number) {
    const access = memberAccess(this.#sql, caller);
    if (!access.ok) return access;
    const afterSeq = access.me.joined_after_seq;
    // MySQL has every entry when nothing is queued, and always those up to the pruned mark.
    const floor = Math.max(afterSeq, prunedUpTo(this.#sql));
    if (groupMysqlBacklog(this.#sql) === 0 || (before !== undefined && before <= floor + 1))
      return { ok: true as const, entries: [], nextBefore: null, mysqlAfterSeq: afterSeq };
    const entries = logPage(this.#sql, floor, before, limit);
    const oldest = entries[entries.length - 1];
    const more = entries.length === limit && oldest !== undefined && oldest.seq > floor + 1;
    // Below the pruned mark the next page comes from MySQL.
    return { ok: true as const, entries, nextBefore: more ? oldest.seq : floor > afterSeq ? floor + 1 : null };
  }

  async receipts(caller: number, seqs: number[]) {
    if (this.#positions.size > 0) this.#cost.transaction(this.ctx.storage, () => this.#positions.write(this.#sql));
    return receiptCounts(this.#sql, caller, seqs);
  }

  async fileAccess(caller: number, fileId: string) {
    const access = memberAccess(this.#sql, caller);
    return access.ok && fileInLog(this.#sql, fileId, access.me.joined_after_seq);
  }

  /** Counters for tests and operators; `cost` (`cost.*` since the object loaded) once the group exists. */
  async stats(): Promise<{ created: boolean; outbox: number; mysqlBacklog: number; cost?: Record<string, number> }> {
    const s = readSettings(this.#sql);
    if (!s) return { created: false, outbox: 0, mysqlBacklog: 0 };
    const outbox = callQueueDepth(this.#sql);
    this.#cost.settle();
    return { created: true, outbox, mysqlBacklog: groupMysqlBacklog(this.#sql), cost: this.#cost.tallies.snapshot() };
  }

  /** Receipt rounds at most once per RECEIPTS_INTERVAL_MS; returns when the next is due, if one is pending. */
  async #receiptsTask(): Promise<number | undefined> {
    const s = readSettings(this.#sql);
    if (!s || s.dissolvedAt !== undefined) return undefined;
    const due = this.#lastReceiptsAt + RECEIPTS_INTERVAL_MS;
    if (Date.now() < due)
      return this.#positions.size > 0 || this.#sql.exec("SELECT 1 FROM kv WHERE key = 'receipts_pending'").toArray().length > 0
        ? due
        : undefined;
    const sent = this.#cost.transaction(this.ctx.storage, () => {
      this.#positions.write(this.#sql);
      return sendReceiptsRound(this.#sql, s.groupId, Date.now());
    });
    if (sent) {
      this.#lastReceiptsAt = Date.now();
      await this.#followUps.drain();
    }
    return undefined;
  }

  override async alarm(): Promise<void> {
    const s = readSettings(this.#sql);
    if (!s) return;
    await this.#followUps.alarm();
    if (Date.now() - this.#prunedAt >= PRUNE_EVERY_MS) {
      this.#prunedAt = Date.now();
      // No transaction of its own: the runtime commits its few writes together, if there are any.
      pruneLog(this.#sql, Date.now(), readRetention(this.env).sendDedupeMs);
    }
    // A dissolved group keeps nothing once its last events reached the members' objects and MySQL
    // has its rows (history is MySQL's now): the object is then like one never created.
    if (s.dissolvedAt !== undefined && this.#settled()) {
      await this.ctx.storage.deleteAlarm();
      await this.ctx.storage.deleteAll();
    }
  }

  #settled(): boolean {
    return callQueueDepth(this.#sql) === 0 && groupMysqlBacklog(this.#sql) === 0;
  }
}
