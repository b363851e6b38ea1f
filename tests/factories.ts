/**
 * Builders for test data, shared by the tests and the demo seed (db/seed.ts).
 */
import type { Kysely } from "kysely";
import type { Database, Role } from "../db/schema";
import { createSession } from "../app/models/sessions.server";
import { createUser, findUserByEmail } from "../app/models/users.server";
import { hashPassword } from "../app/utils/password.server";

let counter = 0;
function unique(): string {
  counter += 1;
  return `${Date.now().toString(36)}${counter}${Math.random().toString(36).slice(2, 6)}`;
}

export const TEST_PASSWORD = "calm-harbor-waters-42";

export interface UserOptions {
  email?: string;
  displayName?: string;
  password?: string;
  role?: Role;
  timeZone?: string;
  bio?: string;
}

/** argon2id is slow on purpose (tens of milliseconds, more on a busy machine): each password is hashed once per process. */
const hashes = new Map<string, Promise<string>>();
function hashOnce(password: string): Promise<string> {
  let hash = hashes.get(password);
  if (!hash) hashes.set(password, (hash = hashPassword(password)));
  return hash;
}

export async function makeUser(db: Kysely<Database>, options: UserOptions = {}) {
  const id = unique();
  const password = options.password ?? TEST_PASSWORD;
  const user = await createUser(db, {
    email: options.email ?? `member-${id}@harbor.test`,
    displayName: options.displayName ?? `Member ${id}`,
    password,
    passwordHash: await hashOnce(password),
    role: options.role ?? "member",
    timeZone: options.timeZone ?? "America/New_York",
    bio: options.bio ?? "",
  });
  return { ...user, password };
}

/** A user with a live session: the user, the session, and the Cookie header that signs them in. */
export async function makeSignedInUser(db: Kysely<Database>, options: UserOptions = {}) {
  const user = await makeUser(db, options);
  const { token, session } = await createSession(db, user.id);
  return { user, session, cookie: `harbor_session=${token}` };
}

/** Creates the user unless one with this e-mail exists already: what makes the seed safe to run twice. */
export async function ensureUser(db: Kysely<Database>, options: UserOptions & { email: string; displayName: string }) {
  const existing = await findUserByEmail(db, options.email);
  if (existing) return { user: existing, created: false };
  return { user: await makeUser(db, options), created: true };
}

let groupCounter = 0;

export async function makeGroup(db: Kysely<Database>, options: Partial<import("../app/models/groups.server").NewGroup> & { creatorId?: string | null } = {}) {
  groupCounter += 1;
  const { createGroup } = await import("../app/models/groups.server");
  const name = options.name ?? `Group ${groupCounter} ${unique()}`;
  return createGroup(
    db,
    {
      name,
      slug: options.slug ?? `group-${groupCounter}-${unique()}`.toLowerCase(),
      kind: options.kind ?? "topic",
      visibility: options.visibility ?? "public",
      description: options.description ?? "A place to talk.",
      guidelines: options.guidelines ?? "Speak from your own experience.",
    },
    options.creatorId ?? null,
  );
}

/** A valid meeting (weekly, Tuesday 19:00–20:00 New York, hybrid), with any fields replaced; throws if the result is invalid. */
/** A valid weekly hybrid meeting as a moderator would type it (override any field). */
export const BASE_MEETING: import("../app/models/meeting-input.server").RawMeeting = {
  name: "Tuesday Night Hope",
  kind: "weekly",
  days: ["2"],
  startTime: "19:00",
  endTime: "20:00",
  timeZone: "America/New_York",
  attendance: "hybrid",
  locationName: "St. Mark's Hall",
  address: "12 Harbor St, Portland, ME 04101, USA",
  conferenceUrl: "https://us02web.zoom.us/j/123456789",
  conferencePhone: "+1 646 558 8656,,123456789#",
  types: ["O", "D"],
};

/** BASE_MEETING with `raw` over it, validated: what createMeeting takes. */
export async function meetingInput(raw: Partial<import("../app/models/meeting-input.server").RawMeeting> = {}) {
  const { validateMeeting } = await import("../app/models/meeting-input.server");
  const result = validateMeeting({ ...BASE_MEETING, ...raw });
  if (!result.ok) throw new Error(`Invalid test meeting: ${JSON.stringify(result.errors)}`);
  return result.input;
}
