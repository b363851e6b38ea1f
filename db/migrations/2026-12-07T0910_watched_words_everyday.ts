// Watched words (issue 24): Harbor's first defaults held everyday sentences ("I plug my phone in
// downstairs", "the vendor at the farmers market", "my car is for sale", "where can I buy a
// journal"). On a site whose admin has edited the list, the defaults were copied into
// watched_words (created_by null); this replaces exactly those copies — never a rule an admin or
// moderator added — with the narrower defaults of that day. A frozen copy, as migrations are.
import type { Kysely } from "kysely";

const OLD: [string, string][] = [
  ["for sale", "block"],
  ["selling bars", "block"],
  ["where can i buy", "approve"],
  ["where to buy", "approve"],
  ["who sells", "approve"],
  ["plug", "approve"],
  ["vendor", "approve"],
];

const SOLD = ["xanax", "xans", "benzos", "pills", "percs", "oxy", "fent", "klonopin", "valium"];
const NEW: [string, string, string][] = [
  ...SOLD.map((d): [string, string, string] => [`${d} for sale`, "block", "Selling"]),
  ...SOLD.filter((d) => !["xanax", "pills"].includes(d)).map((d): [string, string, string] => [`selling ${d}`, "block", "Selling"]),
  ...SOLD.flatMap((d): [string, string, string][] => [
    [`where can i buy ${d}`, "approve", "Sourcing question"],
    [`where to buy ${d}`, "approve", "Sourcing question"],
    [`who sells ${d}`, "approve", "Sourcing question"],
    [`anyone selling ${d}`, "approve", "Sourcing question"],
  ]),
  ...["selling bars", "bars for sale", "where can i buy bars", "who sells bars", "spare bars", "spare pills"].map((p): [string, string, string] => [
    p,
    "flag",
    "Possible sourcing",
  ]),
  ...["my plug", "new plug", "plug me", "trusted vendor", "legit vendor"].map((p): [string, string, string] => [p, "flag", "Dealer slang"]),
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  const customised = await db.selectFrom("site_settings").select("key").where("key", "=", "watched_words_customised").executeTakeFirst();
  if (!customised) return; // the site still reads the defaults from the code
  let removed = 0;
  for (const [phrase, action] of OLD) {
    const result = await db
      .deleteFrom("watched_words")
      .where("group_id", "is", null)
      .where("created_by", "is", null)
      .where("phrase", "=", phrase)
      .where("action", "=", action)
      .executeTakeFirst();
    removed += Number(result.numDeletedRows);
  }
  if (removed === 0) return; // the admin had already changed them
  const now = new Date().toISOString();
  const existing = new Set((await db.selectFrom("watched_words").select("phrase").where("group_id", "is", null).execute()).map((r: { phrase: string }) => r.phrase));
  for (const [phrase, action, note] of NEW) {
    if (existing.has(phrase)) continue;
    await db.insertInto("watched_words").values({ group_id: null, phrase, action, note, created_at: now, created_by: null }).execute();
  }
}

// The narrower rules stay: putting back rules that hold everyday sentences would be no repair.
export async function down(): Promise<void> {}
