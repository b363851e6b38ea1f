import { chromium } from "@playwright/test";
const b = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox","--disable-gpu","--disable-background-networking","--disable-component-update","--disable-sync","--no-first-run"] });
const ctx = await b.newContext({ viewport: { width: 360, height: 780 } }); const p = await ctx.newPage();
await p.goto("http://127.0.0.1:3296/login"); await p.getByLabel("E-mail").fill("sam@harbor.test"); await p.getByLabel("Password").fill("harbor-demo-2026"); await p.getByRole("button", { name: /sign in/i }).click(); await p.waitForURL((u) => !u.pathname.startsWith("/login"));
console.log(await p.evaluate(() => [document.documentElement.scrollWidth, ...[...document.querySelectorAll("body *")].filter(e => e.getBoundingClientRect().right > 361).slice(0, 8).map(e => e.tagName + "." + e.className + " " + Math.round(e.getBoundingClientRect().right))]));
await b.close();
