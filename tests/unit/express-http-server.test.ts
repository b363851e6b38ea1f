import type { AddressInfo } from "node:net";
import type http from "node:http";
import express from "express";
import { afterEach, describe, expect, it } from "vitest";
import { canPrebuildExpressObjects, createExpressHttpServer, isPlainConstructor } from "../../app/utils/express-http-server.server";

let server: http.Server | undefined;
afterEach(async () => {
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(null)));
  server = undefined;
});

async function listen(app: express.Express) {
  server = createExpressHttpServer(app);
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe("the HTTP server in front of Express", () => {
  it("hands Express requests and responses already built on its prototypes, so Express never changes one", async () => {
    expect(canPrebuildExpressObjects()).toBe(true); // Node 20–24: Node's constructors are plain functions
    const app = express();
    app.set("trust proxy", "loopback");
    app.get("/hello", (req, res) => res.status(201).json({ host: req.get("host"), ip: req.ip, protocol: req.protocol, query: req.query }));
    const url = await listen(app);
    const arrived: boolean[] = [];
    server!.prependListener("request", (req: http.IncomingMessage, res: http.ServerResponse) => {
      arrived.push(Object.getPrototypeOf(req) === app.request && Object.getPrototypeOf(res) === app.response);
    });

    const response = await fetch(`${url}/hello?name=sam`, { headers: { "X-Forwarded-For": "203.0.113.9" } });
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ host: new URL(url).host, ip: "203.0.113.9", protocol: "http", query: { name: "sam" } });
    expect(arrived).toEqual([true]);
  });

  it("still reads request bodies and streams responses", async () => {
    const app = express();
    app.post("/echo", express.text(), (req, res) => {
      res.write("you sent: ");
      res.end(String(req.body));
    });
    const url = await listen(app);
    const response = await fetch(`${url}/echo`, { method: "POST", headers: { "Content-Type": "text/plain" }, body: "a long day" });
    expect(await response.text()).toBe("you sent: a long day");
  });

  it("tells a class (which cannot be called without new) from a plain constructor", () => {
    expect(isPlainConstructor(function Plain() {})).toBe(true);
    expect(isPlainConstructor(class Modern {})).toBe(false);
    expect(isPlainConstructor("not a function")).toBe(false);
  });
});
