/** Tables of member-to-member safety (issue 26): blocks and private messages. Same portability rules as db/schema.ts. */
import type { ColumnType, Generated } from "kysely";

/** Who may start a conversation with a member (users.messages_from). */
export type MessagesFrom = "anyone" | "groups" | "circle" | "nobody";

/** One member blocking another: neither sees the other's posts, mentions, reactions or messages. Silent to the blocked member. */
export interface MemberBlocksTable {
  blocker_id: string;
  blocked_id: string;
  created_at: string;
}

export interface ConversationsTable {
  id: Generated<number>;
  created_by: string | null;
  created_at: string;
  last_message_at: string;
  message_count: ColumnType<number, number | undefined, number>;
  /** A participant has unread messages while their read_through is below this. */
  last_message_id: ColumnType<number, number | undefined, number>;
}

/** A participant; leaving removes the row (and the last to leave takes the conversation with them). */
export interface ConversationMembersTable {
  conversation_id: number;
  user_id: string;
  joined_at: string;
  /** Messages with ids up to this one have been read. */
  read_through: ColumnType<number, number | undefined, number>;
}

export interface MessagesTable {
  id: Generated<number>;
  conversation_id: number;
  author_id: string | null;
  /** Sealed (app/utils/private-text.server.ts) JSON { source, html } for the conversation; "" once removed. */
  body_enc: string;
  created_at: string;
  /** Set when the content was removed (its author's account was deleted): "message removed". */
  removed_at: ColumnType<string | null, string | null | undefined, string | null>;
  /** Crisis language: its author was shown the crisis resources. */
  crisis_at: ColumnType<string | null, string | null | undefined, string | null>;
  client_token: ColumnType<string | null, string | null | undefined, string | null>;
}

/** The sealed excerpt a report on a message carries: that message and up to a few before it, as they were. */
export interface ReportExcerptsTable {
  report_id: number;
  excerpt_enc: string;
}

export interface MessageTables {
  member_blocks: MemberBlocksTable;
  conversations: ConversationsTable;
  conversation_members: ConversationMembersTable;
  messages: MessagesTable;
  report_excerpts: ReportExcerptsTable;
}
