import { describe, expect, it } from "vitest";
import { can, ROLE_PERMISSIONS } from "../../app/utils/permissions";

describe("permission helper", () => {
  it("gives members only what members may do", () => {
    expect(can({ role: "member" }, "profile:view")).toBe(true);
    expect(can({ role: "member" }, "admin:console")).toBe(false);
    expect(can({ role: "member" }, "site:settings")).toBe(false);
    expect(can({ role: "member" }, "user:role")).toBe(false);
  });

  it("gives admins the admin console and site settings", () => {
    for (const p of ["admin:console", "site:settings", "user:role", "profile:view"] as const) expect(can({ role: "admin" }, p)).toBe(true);
  });

  it("denies everything to nobody and to unknown roles", () => {
    expect(can(null, "profile:view")).toBe(false);
    expect(can(undefined, "profile:view")).toBe(false);
    expect(can({ role: "superuser" }, "admin:console")).toBe(false);
  });

  it("admins can do everything members can", () => {
    for (const p of ROLE_PERMISSIONS.member) expect(ROLE_PERMISSIONS.admin).toContain(p);
  });
});
