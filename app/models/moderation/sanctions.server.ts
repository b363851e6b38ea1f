/**
 * Sanctions: mutes and bans in a group, suspensions site-wide. Enforced on the server (posting
 * rules and sign-in ask here); applied and lifted in a transaction with the member's notification
 * and the audit entry.
 */
import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema";
import type { SanctionKind } from "../../../db/schema/moderation";
import { inTransaction } from "../../../db/client";
import { now as clockNow } from "../../utils/clock.server";
import { notify } from "../notify.server";
import { deleteUserSessions } from "../sessions.server";
import { recordAudit } from "./audit.server";
import { ModerationError } from "./error.server";
import { canModerate, moderatorScope } from "./scope.server";

export interface ActiveSanction {
  id: number;
  kind: SanctionKind;
  group_id: number | null;
  reason: string;
  ends_at: string | null;
}

function activeSanctions(db: Kysely<Database>, userId: string, now: Date) {
  return db
    .selectFrom("sanctions")
    .select(["id", "kind", "group_id", "reason", "ends_at"])
    .where("user_id", "=", userId)
    .where("lifted_at", "is", null)
    .where("starts_at", "<=", now.toISOString())
    .where((eb) => eb.or([eb("ends_at", "is", null), eb("ends_at", ">", now.toISOString())]));
}

export async function activeSuspension(db: Kysely<Database>, userId: string, now = clockNow()): Promise<ActiveSanction | undefined> {
  return activeSanctions(db, userId, now).where("kind", "=", "suspend").orderBy("ends_at", "desc").executeTakeFirst();
}

/** Why a member may not post, edit or delete in a group right now (mute, ban or suspension), or null. */
export async function postingSanction(db: Kysely<Database>, userId: string, groupId: number, now = clockNow()): Promise<ActiveSanction | null> {
  const rows = await activeSanctions(db, userId, now)
    .where((eb) => eb.or([eb("group_id", "=", groupId), eb("kind", "=", "suspend")]))
    .limit(5)
    .execute();
  const order: Record<SanctionKind, number> = { suspend: 0, ban: 1, mute: 2 };
  return rows.sort((a, b) => order[a.kind] - order[b.kind])[0] ?? null;
}

export function untilText(endsAt: string | null, timeZone: string): string {
  if (!endsAt) return "until a moderator lifts it";
  return `until ${new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short", timeZone }).format(new Date(endsAt))}`;
}

/** The message a sanctioned member sees when they try to post, edit or delete. */
export function sanctionMessage(s: ActiveSanction, timeZone: string): string {
  const what = s.kind === "mute" ? "You are muted in this group" : s.kind === "ban" ? "You are banned from posting in this group" : "Your account is suspended";
  return `${what} ${untilText(s.ends_at, timeZone)}. The moderators' reason: “${s.reason}”. You can still read.`;
}

export const SANCTION_LABELS: Record<SanctionKind, string> = { mute: "Muted", ban: "Banned from the group", suspend: "Suspended site-wide" };

/**
 * Starts a mute, ban or suspension: a suspended member's sessions end at once (sign-in refuses
 * them until it ends), and the member is told why and until when. The caller records the audit
 * entry (the action table in actions.server.ts).
 */
export async function applySanction(
  tx: Kysely<Database>,
  actorId: string,
  input: { userId: string; groupId: number | null; kind: SanctionKind; reason: string; hours: number | null },
  now: Date,
): Promise<{ sanctionId: number; endsAt: string | null }> {
  const ends = input.hours ? new Date(now.getTime() + input.hours * 3600_000).toISOString() : null;
  const groupId = input.kind === "suspend" ? null : input.groupId;
  const row = await tx
    .insertInto("sanctions")
    .values({
      user_id: input.userId,
      group_id: groupId,
      kind: input.kind,
      reason: input.reason,
      starts_at: now.toISOString(),
      ends_at: ends,
      lifted_at: null,
      lifted_by: null,
      created_by: actorId,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  if (input.kind === "suspend") await deleteUserSessions(tx, input.userId);
  await notify(tx, { userId: input.userId, type: "sanction", groupId, data: { kind: input.kind, until: ends, reason: input.reason } });
  return { sanctionId: row.id, endsAt: ends };
}

export async function liftSanction(db: Kysely<Database>, actor: { id: string; role: string }, sanctionId: number, reason: string, now = clockNow()): Promise<void> {
  await inTransaction(db, async (tx) => {
    const s = await tx.selectFrom("sanctions").selectAll().where("id", "=", sanctionId).executeTakeFirst();
    if (!s) throw new ModerationError("That sanction is no longer here.", 404);
    const scope = await moderatorScope(tx, actor);
    if (s.kind === "suspend" ? !scope.all : !canModerate(scope, s.group_id)) throw new ModerationError("Not found", 404);
    if (s.lifted_at || (s.ends_at && s.ends_at <= now.toISOString())) throw new ModerationError("That sanction has already ended.", 409);
    await tx.updateTable("sanctions").set({ lifted_at: now.toISOString(), lifted_by: actor.id }).where("id", "=", sanctionId).execute();
    await notify(tx, { userId: s.user_id, type: "sanction", groupId: s.group_id, data: { kind: s.kind, lifted: true, reason } });
    await recordAudit(
      tx,
      {
        actorId: actor.id,
        action: "sanction.lift",
        groupId: s.group_id,
        subjectUserId: s.user_id,
        reason,
        before: { sanctionId, kind: s.kind, endsAt: s.ends_at },
        after: { lifted: true },
      },
      now,
    );
  });
}
