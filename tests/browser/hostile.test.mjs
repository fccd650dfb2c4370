// Hostile requests are refused with a clear status and change nothing.
import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { startServer, api } from "./helpers.mjs";

let server;
before(async () => { server = await startServer(); });
after(() => server?.stop());

const rounds = () => readdirSync(join(server.data, "rounds"));

test("hostile requests are refused and nothing is written", async () => {
  const c = await api(server.base);
  const valid = '{"format":"fap-scenario/1","meta":{"name":"x"},"schools":[],"pupils":[]}';
  const no = await fetch(server.base + "/api/rounds", { method: "POST", body: valid, headers: { "content-type": "application/json" } });
  assert.equal(no.status, 403, "no CSRF token");
  const wrong = await c.call("POST", "/api/rounds", valid, { "x-csrf-token": "0".repeat(32) });
  assert.equal(wrong.status, 403, "wrong CSRF token");
  const origin = await c.call("POST", "/api/rounds", valid, { origin: "http://evil.example" });
  assert.equal(origin.status, 403, "cross-origin");
  const big = await c.call("POST", "/api/rounds", "x".repeat(17 * 1024 * 1024));
  assert.equal(big.status, 413, "oversized upload");
  const bad = await c.call("POST", "/api/rounds", "{not json");
  assert.equal(bad.status, 422, "bad JSON");
  assert.ok(bad.json.issues.length > 0, "the JSON error is named");
  for (const p of ["/api/rounds/..%2F..%2Fetc", "/api/rounds/r1%2F..", "/api/rounds/..", "/rounds/r0/pupils/..%2Fx", "/api/jobs/..%2Fj1"]) {
    const r = await fetch(server.base + p);
    assert.equal(r.status, 404, p);
  }
  assert.deepEqual(rounds(), [], "nothing was written");
  // DNS rebinding: a foreign Host header.
  const http = await import("node:http");
  const status = await new Promise((ok) => http.get(server.base + "/api/session", { headers: { host: "evil.example" } }, (r) => ok(r.statusCode)));
  assert.equal(status, 421);
  const h = (await fetch(server.base + "/")).headers;
  assert.match(h.get("content-security-policy"), /script-src 'self'/);
  assert.equal(h.get("x-frame-options"), "DENY");
});
