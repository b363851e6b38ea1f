/**
 * The spec's rules for places and attendance, end to end: a table of address / link / phone /
 * `attendance_option` / `approximate` combinations, each imported into a group (whose area served
 * is "Cook County, IL, USA"), with what must be stored (attendance, address or area, or skipped
 * with a reason) and what /api/meetings.json must publish (`attendance_option`,
 * `formatted_address`, `approximate`) — every published meeting passing the spec's required-field
 * rules, geographic information included. Built from the spec's text, not from one feed.
 */
import { describe, expect, it } from "vitest";
import * as guideFeed from "../../app/routes/api.meetings[.json]/route";
import type { MeetingGuideMeeting } from "../../app/models/meeting-feeds.server";
import { importFeed } from "../../app/models/meeting-import.server";
import { makeGroup } from "../factories";
import { useTestDatabase } from "../helpers/db";
import { expectSpecMeeting } from "../helpers/meeting-guide-spec";
import { get } from "../helpers/requests";

const t = useTestDatabase();

const STREET = "4953 W Addison St, Chicago, IL 60641, USA";
const CITY = "San Francisco, CA, USA";
const ZOOM = "https://zoom.us/j/123456789";
const PHONE = "+1 646 558 8656";
const AREA_SERVED = "Cook County, IL, USA";

type Fields = { address?: string; url?: string; phone?: string; option?: string; approximate?: string; latitude?: number; longitude?: number; types?: string[] };
type Stored = { attendance: string; address: string; area: string };
type Published = { attendance_option: string; formatted_address: string; approximate: "yes" | "no" } | null;
type Row = [label: string, fields: Fields, stored: Stored | RegExp, published: Published];

const inPerson = (address: string): Stored => ({ attendance: "in_person", address, area: "" });
const hybrid = (address: string): Stored => ({ attendance: "hybrid", address, area: "" });
const online = (area: string): Stored => ({ attendance: "online", address: "", area });
const at = (attendance_option: string, formatted_address: string, approximate: "yes" | "no") => ({ attendance_option, formatted_address, approximate });

const TABLE: Row[] = [
  // No attendance_option: the place and the link decide.
  ["street address, no link", { address: STREET }, inPerson(STREET), at("in_person", STREET, "no")],
  ["street address and a video link", { address: STREET, url: ZOOM }, hybrid(STREET), at("hybrid", STREET, "no")],
  ["street address and a phone", { address: STREET, phone: PHONE }, hybrid(STREET), at("hybrid", STREET, "no")],
  ["a city and a video link", { address: CITY, url: ZOOM }, online(CITY), at("online", CITY, "yes")],
  ["a city and a phone", { address: CITY, phone: PHONE }, online(CITY), at("online", CITY, "yes")],
  ["a postal code and a link", { address: "60641", url: ZOOM }, online("60641"), at("online", "60641", "yes")],
  [
    "a neighbourhood and a link",
    { address: "Wicker Park, Chicago, IL, USA", url: ZOOM },
    online("Wicker Park, Chicago, IL, USA"),
    at("online", "Wicker Park, Chicago, IL, USA", "yes"),
  ],
  ["no place, a link: the group's area served", { url: ZOOM }, online(""), at("online", AREA_SERVED, "yes")],
  ["a city alone", { address: CITY }, /only approximate/, null],
  ["nothing at all", {}, /neither an address nor an online/, null],
  ["a town with coordinates", { address: "Lewes, DE, USA", latitude: 38.77, longitude: -75.14 }, inPerson("Lewes, DE, USA"), at("in_person", "Lewes, DE, USA", "no")],
  // approximate: "yes" always makes the place approximate; "no" alone is not believed.
  [
    "street address marked approximate, a link",
    { address: STREET, url: ZOOM, approximate: "yes" },
    online("Chicago, IL 60641, USA"),
    at("online", "Chicago, IL 60641, USA", "yes"),
  ],
  ["a city marked not approximate, a link", { address: CITY, url: ZOOM, approximate: "no" }, online(CITY), at("online", CITY, "yes")],
  ["a city marked not approximate, no link", { address: CITY, approximate: "no" }, /only approximate/, null],
  // attendance_option wins when given.
  ["option online at a street address", { address: STREET, url: ZOOM, option: "online" }, online("Chicago, IL 60641, USA"), at("online", "Chicago, IL 60641, USA", "yes")],
  ["option online without a link", { address: STREET, option: "online" }, /no usable video link/, null],
  ["option in_person with a link", { address: STREET, url: ZOOM, option: "in_person" }, inPerson(STREET), at("in_person", STREET, "no")],
  ["option hybrid without a link", { address: STREET, option: "hybrid" }, inPerson(STREET), at("in_person", STREET, "no")],
  ["option hybrid at a city", { address: CITY, url: ZOOM, option: "hybrid" }, online(CITY), at("online", CITY, "yes")],
  ["option in_person at a city, no link", { address: CITY, option: "in_person" }, /only a town or region/, null],
  ["option inactive", { address: STREET, url: ZOOM, option: "inactive" }, /inactive/, null],
  ["option written 'In Person'", { address: STREET, option: "In Person" }, inPerson(STREET), at("in_person", STREET, "no")],
  // A temporarily closed location: an in-person meeting leaves the feed; a hybrid one is online for now.
  ["in person, location closed (TC)", { address: STREET, types: ["O", "TC"] }, inPerson(STREET), null],
  ["hybrid, location closed (TC)", { address: STREET, url: ZOOM, types: ["O", "TC"] }, hybrid(STREET), at("online", STREET, "no")],
];

async function feed(): Promise<MeetingGuideMeeting[]> {
  const response = (await guideFeed.loader({ request: get("/api/meetings.json"), params: {}, context: {} as never })) as Response;
  return (await response.json()) as MeetingGuideMeeting[];
}

describe("attendance and places, as the spec decides them", () => {
  it.each(TABLE)("%s", async (_label, fields, stored, published) => {
    const group = await makeGroup(t.db, { visibility: "public" });
    await t.db.updateTable("groups").set({ area_served: AREA_SERVED }).where("id", "=", group.id).execute();
    const item: Record<string, unknown> = { name: "Table Meeting", slug: "table-meeting", day: 3, time: "19:00", end_time: "20:00", timezone: "America/Chicago" };
    if (fields.address) item.formatted_address = fields.address;
    if (fields.url) item.conference_url = fields.url;
    if (fields.phone) item.conference_phone = fields.phone;
    if (fields.option) item.attendance_option = fields.option;
    if (fields.approximate) item.approximate = fields.approximate;
    if (fields.latitude !== undefined) Object.assign(item, { latitude: fields.latitude, longitude: fields.longitude });
    item.types = fields.types ?? ["O"];

    const report = await importFeed(t.db, [item], { groupId: group.id, defaultTimeZone: "America/Chicago", actorId: null });
    const rows = await t.db.selectFrom("meetings").select(["slug", "attendance", "address", "area"]).where("group_id", "=", group.id).execute();
    if (stored instanceof RegExp) {
      expect(report.skipped).toEqual([{ slug: "table-meeting", name: "Table Meeting", reason: expect.stringMatching(stored) }]);
      expect(rows).toEqual([]);
    } else {
      expect(report.skipped).toEqual([]);
      expect(rows).toEqual([{ slug: expect.any(String), ...stored }]);
    }

    const out = (await feed()).filter((m) => m.slug === rows[0]?.slug);
    if (published === null) {
      expect(out).toEqual([]);
      return;
    }
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject(published);
    expectSpecMeeting(out[0]!);
    if (published.approximate === "yes") expect(out[0]!.location).toBeUndefined();
  });
});
