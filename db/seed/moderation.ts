import type { Kysely } from "kysely";
import type { Database } from "../schema";
import type { SeedContext } from "./context";
import { fileReport, flagPost, saveGroupModerationSettings } from "../../app/models/moderation.server";
import { createThread, replyToThread } from "../../app/models/threads.server";

/**
 * Demo data of the moderation area; idempotent (running the seed twice adds nothing):
 * in Benzo Recovery Circle (moderated by Sam R.) a post with crisis language, a post reported for
 * drug sourcing by two members, a post that tripped a watched word; post approval for new members
 * of the Spring 2026 alumni group.
 */
export async function seedModeration(db: Kysely<Database>, ctx: SeedContext): Promise<void> {
  if (await db.selectFrom("review_items").select("id").limit(1).executeTakeFirst()) return;
  const user = (email: string) => ctx.userIds.get(email)!;
  const circle = ctx.groupIds.get("benzo-recovery-circle");
  const alumni = ctx.groupIds.get("spring-2026-alumni");
  if (!circle || !alumni) return;
  const riley = user("riley@harbor.test");
  const morgan = user("morgan@harbor.test");
  const alex = user("alex@harbor.test");
  const admin = user("admin@harbor.test");

  const { threadId } = await createThread(db, circle, morgan, {
    title: "Week 6 of the taper and struggling",
    body: "My prescriber dropped me another 5% and the rebound anxiety is back. How did you all get through the hard weeks?",
    clientToken: null,
  });
  await replyToThread(db, threadId, alex, {
    body: "The hard weeks pass. Walks, cold water on the face, and calling my sponsor every evening helped me. Hang in there.",
    clientToken: null,
  });
  const crisis = await replyToThread(db, threadId, riley, {
    body: "I haven't slept in four days. Honestly I don't want to be alive anymore, everyone would be better off without me.",
    clientToken: null,
    onCreated: async (tx, postId) => void (await flagPost(tx, postId, "crisis_language", "Harbor noticed language that may mean someone is in danger.")),
  });
  await fileReport(db, alex, { kind: "post", id: crisis.postId }, { reason: "crisis", note: "Riley sounds like they are in real danger tonight." });

  const sourcing = await replyToThread(db, threadId, morgan, { body: "Honestly, if anyone has spare bars I'd pay well, my doctor won't listen. Message me.", clientToken: null });
  await fileReport(db, alex, { kind: "post", id: sourcing.postId }, { reason: "sourcing", note: "Asking members to sell them pills." });
  await fileReport(db, riley, { kind: "post", id: sourcing.postId }, { reason: "sourcing", note: "" });

  const flagged = await replyToThread(db, threadId, riley, {
    body: "Someone online told me etizolam helps with the rebound. Is that true?",
    clientToken: null,
    onCreated: async (tx, postId) => void (await flagPost(tx, postId, "watched_word", "etizolam")),
  });
  void flagged;

  await saveGroupModerationSettings(db, admin, alumni, { approveFirstPosts: 2, approveAll: false });
  ctx.created.push("3 open moderation items (a crisis post, a sourcing report, a watched word), post approval in spring-2026-alumni");
}
