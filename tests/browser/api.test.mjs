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

  // Compare plans 1 and 2: the ruled-out child changed.
  const cmp = await c.call("GET", `/api/rounds/${r}/compare?plans=1,2`);
  assert.equal(cmp.status, 200, cmp.text);
  assert.ok(cmp.json.lines.find((l) => l.pupil === a.pupil).changed);

  // Decisions: one child deferred against the plan (a reason is needed), the rest agreed, then close.
  round = (await c.call("GET", `/api/rounds/${r}`)).json;
  const defer = { version: round.version, pupil: a.pupil, decision: "defer", date: "2026-11-12" };
  const noReason = await c.call("POST", `/api/rounds/${r}/decisions`, defer);
  assert.equal(noReason.status, 422, noReason.text);
  assert.match(noReason.json.error, /reason/);
  let d = await c.call("POST", `/api/rounds/${r}/decisions`, { ...defer, reason: "parental_preference" });
  assert.equal(d.status, 200, d.text);
  d = await c.call("POST", `/api/rounds/${r}/decisions/agree`, { version: d.json.version, date: "2026-11-12" });
  assert.equal(d.status, 200, d.text);
  const log = (await c.call("GET", `/api/rounds/${r}/decisions`)).json;
  assert.equal(log.entries.length, plan.proposals[0].assignments.length);
  assert.equal(log.entries[0].reason, "parental_preference");
  const closed = await c.call("POST", `/api/rounds/${r}/close`, { version: d.json.version, name: "Summer 1 primary panel", school_days: 10 });
  assert.equal(closed.status, 201, closed.text);
  const deferred = log.entries.filter((e) => e.decision === "deferred").length;
  const next = JSON.parse(readFileSync(join(server.data, "rounds", closed.json.round, "scenario-1.json"), "utf8"));
  assert.equal(next.pupils.length, deferred, "only the deferred children move to the next round");
  const closedRound = (await c.call("GET", `/api/rounds/${r}`)).json;
  assert.equal(closedRound.next_round, closed.json.round);
  const late = await c.call("POST", `/api/rounds/${r}/decisions/agree`, { version: closedRound.version });
  assert.equal(late.status, 409, "the closed round takes no more decisions");
  assert.match(late.json.error, /closed/);
});
