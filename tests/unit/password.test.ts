import { describe, expect, it } from "vitest";
import { hashPassword, isCommonPassword, passwordProblem, verifyPassword } from "../../app/utils/password.server";

describe("password rules", () => {
  it("needs at least 10 characters", () => {
    expect(passwordProblem("short-pw1")).toMatch(/at least 10 characters/);
    expect(passwordProblem("river-stone-lamp")).toBeNull();
  });

  it("counts characters, not bytes, and caps the length", () => {
    expect(passwordProblem("ééééééééé")).toMatch(/at least 10/); // 9 characters, 18 bytes
    expect(passwordProblem("a".repeat(300))).toMatch(/at most 256/);
  });

  it("refuses the most common passwords, whatever their case", () => {
    for (const pw of ["1234567890", "qwertyuiop", "password123", "PASSWORD123", "iloveyou12"]) {
      expect(isCommonPassword(pw), pw).toBe(true);
      expect(passwordProblem(pw), pw).toMatch(/most common/);
    }
  });

  it("refuses a very common word dressed in digits and symbols", () => {
    expect(isCommonPassword("Password2024!")).toBe(true);
    expect(isCommonPassword("!!sunshine1234")).toBe(true);
    expect(isCommonPassword("sunshine-over-the-bay")).toBe(false);
  });

  it("refuses passwords made of too few different characters", () => {
    expect(passwordProblem("aaaaaaaaaaaa")).toMatch(/repeats/);
  });

  it("refuses the e-mail address or display name as password", () => {
    expect(passwordProblem("sam.rivers@example.org", { email: "sam.rivers@example.org" })).toMatch(/e-mail/);
    expect(passwordProblem("Sam Riverside", { displayName: "Sam Riverside" })).toMatch(/display name/);
  });
});

describe("password hashing", () => {
  it("uses argon2id and verifies only the right password", async () => {
    const hash = await hashPassword("quiet-morning-tea");
    expect(hash.startsWith("$argon2id$")).toBe(true);
    expect(hash).not.toContain("quiet-morning-tea");
    expect(await verifyPassword(hash, "quiet-morning-tea")).toBe(true);
    expect(await verifyPassword(hash, "quiet-morning-tee")).toBe(false);
  });

  it("treats a corrupt stored hash as a failed check, not an error", async () => {
    expect(await verifyPassword("not-a-hash", "anything-at-all")).toBe(false);
  });
});
