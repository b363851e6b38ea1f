// npm run db:seed — the demo community. Safe to run again: nothing is duplicated and nothing
// that is already there (including changes made while clicking around) is overwritten.
import type { Kysely } from "kysely";
import { createDb } from "./client";
import { migrateToLatest } from "./migrator";
import type { Database, GroupKind, GroupVisibility } from "./schema";
import { addMember, createGroup } from "../app/models/groups.server";
import { createThread, replyToThread, type ReactionKind } from "../app/models/threads.server";
import { toggleReaction } from "../app/models/posts.server";
import { ensureUser } from "../tests/factories";
import type { SeedContext } from "./seed/context";
import { seedMeetings } from "./seed/meetings";
import { seedModeration } from "./seed/moderation";
import { seedNotifications } from "./seed/notifications";
import { seedRecovery } from "./seed/recovery";
import { seedGuides } from "./seed/guides";
import { seedMessages } from "./seed/messages";
import { seedCircle } from "./seed/circle";
import { isMainModule } from "./main-module";

export const DEMO_PASSWORD = "harbor-demo-2026";

export const DEMO_USERS = [
  {
    email: "admin@harbor.test",
    displayName: "Jordan (admin)",
    role: "admin" as const,
    timeZone: "America/New_York",
    bio: "Alumni coordinator. I keep the lights on here — reach out any time.",
  },
  {
    email: "sam@harbor.test",
    displayName: "Sam R.",
    role: "member" as const,
    timeZone: "America/Chicago",
    bio: "Benzo-free since the spring after a long taper. Coffee, long walks, Tuesday night meetings.",
  },
  {
    email: "alex@harbor.test",
    displayName: "Alex T.",
    role: "member" as const,
    timeZone: "America/Los_Angeles",
    bio: "Alcohol and pills. Three years in, still learning to slow down.",
  },
  { email: "riley@harbor.test", displayName: "Riley", role: "member" as const, timeZone: "Europe/London", bio: "Newly home from treatment. Taking it one day at a time." },
  { email: "morgan@harbor.test", displayName: "Morgan K.", role: "member" as const, timeZone: "America/Denver", bio: "" },
  {
    email: "editor@harbor.test",
    displayName: "Casey (editor)",
    role: "editor" as const,
    timeZone: "America/New_York",
    bio: "Alumni programme staff. I look after the guides in the library.",
  },
];

type DemoGroup = {
  slug: string;
  name: string;
  kind: GroupKind;
  visibility: GroupVisibility;
  description: string;
  guidelines: string;
  moderators: string[];
  members: string[];
  threads: { author: string; title: string; body: string; replies: { author: string; body: string }[]; reactions?: [string, ReactionKind][]; pinned?: boolean }[];
};

const HOUSE_RULES = `- Speak from your own experience.
- No sourcing, selling or swapping of any drug.
- No advice to change a dose: tapers belong with a prescriber.
- No shaming of anyone's path to recovery.
- What is shared here stays here.`;

export const DEMO_GROUPS: DemoGroup[] = [
  {
    slug: "benzo-recovery-circle",
    name: "Benzo Recovery Circle",
    kind: "topic",
    visibility: "public",
    description: "For anyone tapering off or recovering from **benzodiazepines**: the long middle, the good days and the hard ones.",
    guidelines: HOUSE_RULES,
    moderators: ["sam@harbor.test"],
    members: ["alex@harbor.test", "riley@harbor.test", "morgan@harbor.test"],
    threads: [
      {
        author: "sam@harbor.test",
        title: "Welcome — start here",
        pinned: true,
        body: "Welcome to the circle. Introduce yourself if you like: where you are in your taper or recovery, and what helps.\n\n*Stopping a benzodiazepine abruptly can be dangerous. Please keep dose changes with your prescriber.*",
        replies: [
          { author: "riley@harbor.test", body: "Hi all. Three weeks home from treatment. Sleep is the hardest part right now." },
          { author: "alex@harbor.test", body: "Welcome Riley. Sleep came back slowly for me — months, not weeks — but it came back." },
        ],
        reactions: [
          ["alex@harbor.test", "support"],
          ["morgan@harbor.test", "support"],
          ["riley@harbor.test", "thanks"],
        ],
      },
      {
        author: "morgan@harbor.test",
        title: "What got you through the evenings?",
        body: "Evenings are when the anxiety peaks for me. What routines helped you?",
        replies: [
          { author: "sam@harbor.test", body: "A walk after dinner, no screens after nine, and the **Tuesday night meeting**." },
          { author: "riley@harbor.test", body: "> no screens after nine\n\nTrying this tonight." },
        ],
        reactions: [["riley@harbor.test", "me_too"]],
      },
    ],
  },
  {
    slug: "spring-2026-alumni",
    name: "Spring 2026 Alumni",
    kind: "alumni",
    visibility: "private",
    description: "The alumni cohort of the spring 2026 residential programme. Ask to join if you were there.",
    guidelines: HOUSE_RULES,
    moderators: ["admin@harbor.test"],
    members: ["sam@harbor.test", "alex@harbor.test"],
    threads: [
      {
        author: "alex@harbor.test",
        title: "Reunion in June?",
        body: "Would anyone come to a reunion picnic in June? Same park as graduation day.",
        replies: [{ author: "sam@harbor.test", body: "Count me in." }],
        reactions: [["sam@harbor.test", "proud"]],
      },
    ],
  },
  {
    slug: "family-and-friends-tuesday",
    name: "Family & Friends Tuesday",
    kind: "family",
    visibility: "hidden",
    description: "A quiet space for the families of our alumni. Joined by invitation only.",
    guidelines: HOUSE_RULES,
    moderators: ["admin@harbor.test"],
    members: ["morgan@harbor.test"],
    threads: [],
  },
  {
    slug: "sleep-and-anxiety",
    name: "Sleep & Anxiety",
    kind: "topic",
    visibility: "public",
    description: "Insomnia and anxiety are common in early recovery. Share what helps — and what doesn't.",
    guidelines: HOUSE_RULES,
    moderators: [],
    members: ["riley@harbor.test"],
    threads: [],
  },
];

async function seedGroup(db: Kysely<Database>, demo: DemoGroup, userIds: Map<string, string>): Promise<boolean> {
  const existing = await db.selectFrom("groups").select("id").where("slug", "=", demo.slug).executeTakeFirst();
  if (existing) return false;
  const admin = userIds.get("admin@harbor.test") ?? null;
  const group = await createGroup(db, { ...demo }, admin);
  for (const email of demo.moderators) await addMember(db, group.id, userIds.get(email)!, "moderator");
  for (const email of demo.members) await addMember(db, group.id, userIds.get(email)!, "member");
  let minutes = 60 * 24 * 3;
  for (const thread of demo.threads) {
    const at = () => new Date(Date.now() - (minutes -= 37) * 60_000);
    const { threadId } = await createThread(db, group.id, userIds.get(thread.author)!, { title: thread.title, body: thread.body, clientToken: null }, at());
    for (const reply of thread.replies) await replyToThread(db, threadId, userIds.get(reply.author)!, { body: reply.body, clientToken: null }, at());
    const opening = await db.selectFrom("posts").select("id").where("thread_id", "=", threadId).where("position", "=", 0).executeTakeFirstOrThrow();
    for (const [email, kind] of thread.reactions ?? []) await toggleReaction(db, opening.id, userIds.get(email)!, kind);
    if (thread.pinned) await db.updateTable("threads").set({ is_pinned: 1 }).where("id", "=", threadId).execute();
  }
  return true;
}

export async function seedDemo(db: Kysely<Database>): Promise<{ created: string[] }> {
  const created: string[] = [];
  const userIds = new Map<string, string>();
  for (const demo of DEMO_USERS) {
    const result = await ensureUser(db, { ...demo, password: DEMO_PASSWORD });
    userIds.set(demo.email, result.user.id);
    if (result.created) created.push(demo.email);
  }
  for (const group of DEMO_GROUPS) {
    if (await seedGroup(db, group, userIds)) created.push(`group ${group.slug}`);
  }
  const groupIds = new Map((await db.selectFrom("groups").select(["id", "slug"]).execute()).map((g) => [g.slug, g.id]));
  const ctx: SeedContext = { userIds, groupIds, created };
  // Each area adds its own demo data (db/seed/<area>.ts), in the order the areas build on each other.
  await seedModeration(db, ctx);
  await seedMeetings(db, ctx);
  await seedRecovery(db, ctx);
  await seedNotifications(db, ctx);
  await seedGuides(db, ctx);
  await seedMessages(db, ctx);
  await seedCircle(db, ctx);
  return { created };
}

/** The flag that lets the demo seed run where it refuses to (a production setting or real members). */
export const FORCE_SEED_FLAG = "--i-understand-this-adds-demo-accounts";
/** Demo accounts use this domain; any other address is a real member's. */
export const DEMO_EMAIL_DOMAIN = "@harbor.test";

/**
 * Why the demo must not be planted here, or null: it adds admin@harbor.test with a password printed
 * in the README. Refused under NODE_ENV=production, and in a database that already has a real member
 * (an account whose e-mail address is not on the demo domain).
 */
export async function seedRefusal(db: Kysely<Database>, env: Record<string, string | undefined> = process.env): Promise<string | null> {
  if (env.NODE_ENV === "production") return "NODE_ENV is production.";
  const row = await db.selectFrom("users").select(db.fn.countAll<number>().as("count")).where("email", "not like", `%${DEMO_EMAIL_DOMAIN}`).executeTakeFirst();
  const real = Number(row?.count ?? 0);
  return real > 0 ? `this database already has ${real} real member account${real === 1 ? "" : "s"} (addresses outside ${DEMO_EMAIL_DOMAIN}).` : null;
}

const isMain = isMainModule(import.meta.url);
if (isMain) {
  const handle = createDb();
  try {
    await migrateToLatest(handle.db);
    const refusal = process.argv.includes(FORCE_SEED_FLAG) ? null : await seedRefusal(handle.db);
    if (refusal) {
      console.error(
        `Not adding the demo community to ${handle.description}: ${refusal}\n` +
          `The demo adds accounts such as admin@harbor.test whose password is published in the README; on a real site anyone could sign in as its admin.\n` +
          `To make a real admin, use the set-up page or "npm run admin -- create-admin". If you really want the demo here: npm run db:seed -- ${FORCE_SEED_FLAG}`,
      );
      process.exitCode = 2;
    } else {
      const { created } = await seedDemo(handle.db);
      console.log(
        created.length ? `Demo community ready in ${handle.description}: added ${created.join(", ")}.` : `Demo community already present in ${handle.description}; nothing added.`,
      );
      console.log(`Demo sign-ins use the password "${DEMO_PASSWORD}" (see README).`);
    }
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  } finally {
    await handle.db.destroy();
  }
}
