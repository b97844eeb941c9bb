// What a group's Durable Object answers: the RPC surface the Worker's /v1/groups routes and the
// members' user objects call. Every method checks the caller's membership and role itself; a
// non-member gets GROUP_NOT_FOUND, as if the group did not exist. Verdicts cross RPC as values.
import type {
  CreateGroupBody,
  Group,
  GroupHistoryEntry,
  GroupMember,
  GroupMessage,
  GroupReceiptsReply,
  GroupRole,
  UpdateGroupBody,
} from "../../protocol/groups";

export type GroupErrorCode =
  | "GROUP_NOT_FOUND"
  | "GROUP_FORBIDDEN"
  | "GROUP_FULL"
  | "INVITE_INVALID"
  | "NOT_FRIENDS"
  | "CLIENT_MSG_ID_REUSED"
  | "RECALL_WINDOW_PASSED"
  | "EDIT_WINDOW_PASSED"
  | "MESSAGE_NOT_FOUND"
  | "VALIDATION_FAILED"
  | "FILE_NOT_FOUND";

export type GroupVerdict<T> = ({ ok: true } & T) | { ok: false; code: GroupErrorCode; message: string };

export interface NewGroupMessage {
  from: number;
  clientMsgId: string;
  /** May be empty when a file is attached. */
  body: string;
  /** A file the sender uploaded: the group looks it up (FILE_NOT_FOUND unless it is theirs and not deleted). */
  fileId?: string;
}

export interface GroupRoomApi extends Rpc.DurableObjectBranded {
  /** Creates the group in this (new) object; `friendsOfCreator` were checked by the Worker against MySQL. */
  create(groupId: string, creator: number, body: CreateGroupBody): Promise<GroupVerdict<{ group: Group }>>;
  get(caller: number): Promise<GroupVerdict<{ group: Group; role: GroupRole }>>;
  update(caller: number, change: UpdateGroupBody): Promise<GroupVerdict<{ group: Group }>>;
  members(caller: number): Promise<GroupVerdict<{ members: GroupMember[] }>>;
  /** `uids` were checked by the Worker to be the caller's friends. */
  addMembers(caller: number, uids: number[]): Promise<GroupVerdict<{ group: Group }>>;
  /** `target === caller` is leaving; otherwise an admin removing a member (not the owner, not another admin unless owner). */
  removeMember(caller: number, target: number): Promise<GroupVerdict<{ group: Group }>>;
  setRole(caller: number, target: number, role: "admin" | "member"): Promise<GroupVerdict<{ group: Group }>>;
  transferOwner(caller: number, to: number): Promise<GroupVerdict<{ group: Group }>>;
  dissolve(caller: number): Promise<GroupVerdict<{}>>;
  /** A deleted account leaves: ownership passes on (oldest admin, else oldest member), the last one ends the group. */
  removeDeletedAccount(uid: number): Promise<GroupVerdict<{ left: boolean }>>;
  createInvite(caller: number, ttlSeconds: number): Promise<GroupVerdict<{ token: string; expiresAt: string }>>;
  revokeInvite(caller: number, token: string): Promise<GroupVerdict<{}>>;
  joinByInvite(caller: number, token: string): Promise<GroupVerdict<{ group: Group }>>;
  /** Stores with the next seq (idempotent by sender + clientMsgId) and fans out; resolves after the durable write. */
  post(message: NewGroupMessage): Promise<GroupVerdict<{ message: GroupMessage; created: boolean }>>;
  recall(caller: number, messageId: string): Promise<GroupVerdict<{}>>;
  /** The sender replaces a message's text within the edit window. */
  edit(caller: number, messageId: string, body: string): Promise<GroupVerdict<{}>>;
  /** A member is typing: passed to the other members' objects at once, best effort, nothing stored. */
  typing(caller: number): Promise<GroupVerdict<{}>>;
  /** A member's read or delivered position (cumulative; never moves back). */
  markPosition(caller: number, kind: "read" | "delivered", upToSeq: number): Promise<GroupVerdict<{}>>;
  /**
   * What the caller may see of the history (after they joined). While MySQL is behind, the page
   * from the object's own log; otherwise no entries and `mysqlAfterSeq`: read MySQL for entries
   * with seq above it (and below `before`).
   */
  history(
    caller: number,
    before: number | undefined,
    limit: number,
  ): Promise<GroupVerdict<{ entries: GroupHistoryEntry[]; nextBefore: number | null; mysqlAfterSeq?: number }>>;
  receipts(caller: number, seqs: number[]): Promise<GroupVerdict<GroupReceiptsReply>>;
  /**
   * Whether `caller` may download `fileId` by this group's log: a current member who joined before
   * a message not recalled that carries the file. The download route asks this while MySQL may not
   * have the message yet (write-behind).
   */
  fileAccess(caller: number, fileId: string): Promise<boolean>;
}
