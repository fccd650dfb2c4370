// The same journey through the JSON API, as an authority's own system would
// script it: submit, solve, pin, re-solve against the plan, who moved, undo;
// a stale version from a second "tab" is refused with nothing changed.
import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { execFileSync } from "node:child_process";
import { startServer, api, waitJob, ROOT, FAP } from "./helpers.mjs";

let server;
before(async () => { server = await startServer(); });
after(() => server?.stop());

test("submit → solve → pin → re-solve → who moved → undo, and two tabs", async () => {
  const c = await api(server.base);
  const file = join(ROOT, "scenarios/primary-spring1.json");
  const created = await c.call("POST", "/api/rounds", readFileSync(file, "utf8"));
  assert.equal(created.status, 201, created.text);
  const r = created.json.round;
  let solve = await c.call("POST", `/api/rounds/${r}/solve`, { version: created.json.version });
  assert.equal(solve.status, 202);
  assert.equal((await waitJob(c, solve.json.job)).state, "done");

  // Same bytes as `fap solve --no-timings` on the same file.
  const viaApi = (await c.call("GET", `/api/rounds/${r}/plans/1`)).text;
  const out = join(server.data, "direct.plan.json");
  execFileSync(FAP, ["solve", file, "--no-timings", "-q", "-o", out]);
  const direct = readFileSync(out, "utf8");
  assert.equal(viaApi, direct);

  const plan = JSON.parse(viaApi);
  const a = plan.proposals[0].assignments.find((x) => x.school);
  const other = plan.proposals[0].assignments.map((x) => x.school).find((s) => s && s !== a.school);
  let round = (await c.call("GET", `/api/rounds/${r}`)).json;
  // Tab 1 stages a pin; tab 2, still on the old version, is refused.
  const staged = await c.call("POST", `/api/rounds/${r}/changes`, { version: round.version, kind: "avoid", pupil: a.pupil, place: a.school });
  assert.equal(staged.status, 200, staged.text);
  const stale = await c.call("POST", `/api/rounds/${r}/changes`, { version: round.version, kind: "pin", pupil: a.pupil, place: other });
  assert.equal(stale.status, 409);
  round = (await c.call("GET", `/api/rounds/${r}`)).json;
  assert.equal(round.staged_changes.length, 1, "only tab 1's change is staged");

  solve = await c.call("POST", `/api/rounds/${r}/apply`, { version: round.version });
  assert.equal(solve.status, 202, solve.text);
  assert.equal((await waitJob(c, solve.json.job)).state, "done");
  round = (await c.call("GET", `/api/rounds/${r}`)).json;
  assert.equal(round.plan_on_the_table, 2);
  const p2 = JSON.parse((await c.call("GET", `/api/rounds/${r}/plans/2`)).text);
  const now = p2.proposals[0].assignments.find((x) => x.pupil === a.pupil);
  assert.notEqual(now.school, a.school, "the ruled-out school is not used");
  assert.ok(p2.proposals[0].moves, "moves off the plan on the table are recorded");
  const changed = p2.proposals[0].assignments.filter((x, i) => x.school !== plan.proposals[0].assignments[i].school).map((x) => x.pupil);
  assert.ok(changed.includes(a.pupil));
  for (const m of p2.proposals[0].moves.moved) assert.ok(changed.includes(m), `${m} is listed as moved and did move`);

  const undo = await c.call("POST", `/api/rounds/${r}/undo`, { version: round.version });
  assert.equal(undo.status, 200, undo.text);
  assert.equal((await c.call("GET", `/api/rounds/${r}`)).json.plan_on_the_table, 1);
});
