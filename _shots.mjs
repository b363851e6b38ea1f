import { chromium } from "@playwright/test";
const b = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox","--disable-gpu","--disable-background-networking","--disable-component-update","--disable-sync","--no-first-run"] });
const base = "http://127.0.0.1:3296";
const who = process.argv[2] || "admin@harbor.test";
async function shoot(ctx, path, name, full = false) { const p = await ctx.newPage(); await p.goto(base + path); await p.screenshot({ path: `/tmp/shot-${name}.png`, fullPage: full }); await p.close(); }
for (const [label, vp] of [["phone", { width: 360, height: 780 }], ["desk", { width: 1280, height: 900 }]]) {
  const ctx = await b.newContext({ viewport: vp });
  const p = await ctx.newPage();
  await p.goto(base + "/login"); await p.getByLabel("E-mail").fill(who); await p.getByLabel("Password").fill("harbor-demo-2026"); await p.getByRole("button", { name: /sign in/i }).click(); await p.waitForURL((u) => !u.pathname.startsWith("/login"));
  await p.screenshot({ path: `/tmp/shot-${label}-home.png` });
  for (const path of (process.argv[3] || "/meetings,/recovery,/moderation,/notifications").split(",")) await shoot(ctx, path, `${label}-${path.replace(/\W+/g, "_")}`, true);
  await ctx.close();
}
await b.close();
