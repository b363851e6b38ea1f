import { describe, expect, it } from "vitest";
import { z } from "zod";
import { describeUserAgent } from "../../app/utils/user-agent";
import { cleanText, displayNameField, textField } from "../../app/utils/schemas";
import { displayNameKey } from "../../app/models/users.server";
import { formatDuration } from "../../app/utils/time";
import { safeRedirectPath } from "../../app/utils/auth.server";

describe("text cleaning", () => {
  it("strips invisible and direction-override characters and folds spaces in one-line fields", () => {
    expect(cleanText("  Sam\u200B R.\u202E  ", false)).toBe("Sam R.");
    expect(cleanText("a\n\n b\t c", false)).toBe("a b c");
    expect(cleanText("line one\r\nline two", true)).toBe("line one\nline two");
  });

  it("normalises to NFC so look-alike spellings compare equal", () => {
    expect(cleanText("Jose\u0301", false)).toBe("Jos\u00e9");
  });

  it("reports text that arrived as unreadable bytes", () => {
    const r = textField("Bio", { max: 50 }).safeParse("caf\uFFFD");
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toMatch(/couldn't read/);
  });

  it("names the field and the limit in length messages", () => {
    const schema = z.object({ displayName: displayNameField });
    expect(schema.safeParse({ displayName: "" }).error?.issues[0]?.message).toBe("Please enter display name.");
    expect(schema.safeParse({ displayName: "x".repeat(41) }).error?.issues[0]?.message).toMatch(/at most 40/);
    expect(schema.safeParse({ displayName: "S" }).error?.issues[0]?.message).toMatch(/at least 2/);
    expect(schema.safeParse({ displayName: "!!" }).error?.issues[0]?.message).toMatch(/letter or number/);
    expect(schema.safeParse({ displayName: "me@example.org" }).error?.issues[0]?.message).toMatch(/e-mail/);
    expect(schema.safeParse({ displayName: "Sam R." }).success).toBe(true);
  });

  it("treats names that differ only in case, spacing and punctuation as the same name", () => {
    expect(displayNameKey("Sam R.")).toBe(displayNameKey("sam  r"));
    expect(displayNameKey("Ｓａｍ R")).toBe(displayNameKey("Sam R"));
    expect(displayNameKey("Sam R.")).not.toBe(displayNameKey("Sam T."));
  });
});

describe("small helpers", () => {
  it("describes devices for the sessions page", () => {
    expect(describeUserAgent("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1")).toBe(
      "Safari on iPhone",
    );
    expect(describeUserAgent("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0")).toBe("Firefox on Windows");
    expect(describeUserAgent("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36")).toBe("Chrome on Linux");
    expect(describeUserAgent("")).toBe("Unknown device");
  });

  it("says how long to wait in words", () => {
    expect(formatDuration(30_000)).toBe("30 seconds");
    expect(formatDuration(61_000)).toBe("2 minutes");
    expect(formatDuration(60 * 60_000)).toBe("1 hour");
    expect(formatDuration(3 * 60 * 60_000)).toBe("3 hours");
  });

  it("only redirects within Harbor after sign-in", () => {
    expect(safeRedirectPath("/settings/profile?x=1")).toBe("/settings/profile?x=1");
    expect(safeRedirectPath("//evil.example/")).toBe("/");
    expect(safeRedirectPath("/\\evil.example")).toBe("/");
    expect(safeRedirectPath("https://evil.example/")).toBe("/");
    expect(safeRedirectPath(null)).toBe("/");
  });
});
