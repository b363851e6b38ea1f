import { describe, expect, it } from "vitest";
import { siteNameOf, siteTitle } from "../../app/utils/site-title";

describe("page titles", () => {
  it("end with the site's own name, or Harbor until it is known", () => {
    expect(siteTitle([{ id: "root", data: { siteName: "Riverside Alumni" } }] as never, "My recovery")).toBe("My recovery · Riverside Alumni");
    expect(siteTitle([] as never, "My recovery")).toBe("My recovery · Harbor");
    expect(siteNameOf([{ id: "root", data: { siteName: "  " } }] as never)).toBe("Harbor");
  });
});
