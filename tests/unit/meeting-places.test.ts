/**
 * Places and attendance as the Meeting Guide spec and TSML UI decide them: a table of
 * address / link / attendance_option / approximate combinations with the attendance each gives.
 */
import { describe, expect, it } from "vitest";
import { areaOf, decideAttendance, placeKind } from "../../app/utils/meeting-places";
import { phoneProblem, safeContactName, stripTags, zoneAbbreviationProblem } from "../../app/utils/meeting-details";

const ZOOM = true;
const NONE = false;

describe("specific and approximate places", () => {
  it.each([
    ["4953 W Addison St, Chicago, IL 60641, USA", "specific"],
    ["123 Main Street", "specific"],
    ["Kirchweg 5a, 8008 Zürich, Switzerland", "specific"],
    ["10 Downing St, London SW1A 2AA, UK", "specific"],
    ["Calle de Alcalá 50, Madrid, Spain", "specific"],
    ["San Francisco, CA, USA", "approximate"],
    ["Marin, CA, USA", "approximate"],
    ["Chicago, IL 60641, USA", "approximate"],
    ["60641", "approximate"],
    ["London SW1A 1AA, UK", "approximate"],
    ["Illinois, USA", "approximate"],
    ["Wicker Park, Chicago, IL, USA", "approximate"],
    ["", "none"],
  ])("%s is %s", (address, kind) => {
    expect(placeKind({ formatted: address, latitude: null, longitude: null })).toBe(kind);
  });

  it("coordinates make a place specific, approximate: yes makes it approximate, approximate: no alone is not believed", () => {
    expect(placeKind({ formatted: "Lewes, DE", latitude: 38.77, longitude: -75.14 })).toBe("specific");
    expect(placeKind({ formatted: "Lewes, DE", latitude: 0, longitude: 0 })).toBe("approximate");
    expect(placeKind({ formatted: "5 Main St, Lewes, DE", latitude: 38.77, longitude: -75.14, approximate: "yes" })).toBe("approximate");
    expect(placeKind({ formatted: "San Francisco, CA, USA", latitude: null, longitude: null, approximate: "no" })).toBe("approximate");
    expect(placeKind({ street: "12 Elm Rd", formatted: "12 Elm Rd, Dover, DE", latitude: null, longitude: null })).toBe("specific");
  });

  it("keeps the area of a specific address without its street", () => {
    expect(areaOf("4953 W Addison St, Chicago, IL 60641, USA")).toBe("Chicago, IL 60641, USA");
    expect(areaOf("San Francisco, CA, USA")).toBe("San Francisco, CA, USA");
  });
});

describe("attendance from the place, the link and attendance_option", () => {
  // [attendance_option, place, online link or phone] → [attendance, how the place is used]
  it.each([
    ["", "specific", NONE, "in_person", "address"],
    ["", "specific", ZOOM, "hybrid", "address"],
    ["", "approximate", ZOOM, "online", "area"],
    ["", "none", ZOOM, "online", "none"],
    ["", "approximate", NONE, "inactive", "none"],
    ["", "none", NONE, "inactive", "none"],
    ["online", "specific", ZOOM, "online", "area"],
    ["online", "approximate", ZOOM, "online", "area"],
    ["online", "specific", NONE, "inactive", "none"],
    ["in_person", "specific", ZOOM, "in_person", "address"],
    ["in_person", "specific", NONE, "in_person", "address"],
    ["in_person", "approximate", NONE, "inactive", "none"],
    ["in_person", "approximate", ZOOM, "online", "area"],
    ["hybrid", "specific", ZOOM, "hybrid", "address"],
    ["hybrid", "specific", NONE, "in_person", "address"],
    ["hybrid", "approximate", ZOOM, "online", "area"],
    ["hybrid", "none", ZOOM, "online", "none"],
    ["inactive", "specific", ZOOM, "inactive", "none"],
    ["In Person", "specific", NONE, "in_person", "address"],
  ] as const)("option %j, %s place, online %s → %s (%s)", (option, place, online, attendance, placeUse) => {
    const decision = decideAttendance({ attendanceOption: option, place, online });
    expect(decision.attendance).toBe(attendance);
    expect(decision.placeUse).toBe(placeUse);
    if (attendance === "inactive") expect(decision.reason).toBeTruthy();
  });
});

describe("values the form and the import share", () => {
  it("refuses zone abbreviations and phones too short to dial, and keeps last names out", () => {
    expect(zoneAbbreviationProblem("EST")).toMatch(/abbreviation.*America\/New_York/);
    expect(zoneAbbreviationProblem("EST5EDT")).toMatch(/abbreviation/);
    expect(zoneAbbreviationProblem("America/New_York")).toBeNull();
    expect(zoneAbbreviationProblem("UTC")).toBeNull();
    expect(phoneProblem("+11")).toMatch(/whole phone number/);
    expect(phoneProblem("+16465588656,,123456789#")).toBeNull();
    expect(phoneProblem("call-me")).toMatch(/only digits/);
    expect(safeContactName("John Smith")).toBe("John S.");
    expect(safeContactName("Mary Ann Jones")).toBe("Mary Ann J.");
    expect(safeContactName("Sam R.")).toBe("Sam R.");
    expect(safeContactName("Pat")).toBe("Pat");
    expect(stripTags("<p>Ring the <b>buzzer</b></p><script>x</script>")).toBe("Ring the buzzer\n");
  });
});
