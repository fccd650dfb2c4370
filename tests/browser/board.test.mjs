// The coordinator's journey in a real browser: upload a shipped round, solve
// it, read the board and a child's page; axe finds nothing on any page.
import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { startServer, launch, assertAccessible, ROOT } from "./helpers.mjs";

let server, browser, page;
before(async () => {
  server = await startServer();
  browser = await launch();
  page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
});
after(async () => { await browser?.close(); server?.stop(); });

test("upload → solve → board → child, accessible throughout", async () => {
  await page.goto(server.url);
  await assertAccessible(page, "home");
  // An invalid file: every problem listed, nothing saved.
  await page.setInputFiles("#scenario", { name: "bad.json", mimeType: "application/json", buffer: Buffer.from('{"format": "fap-scenario/1", "pupils": 3}') });
  await page.click("text=Upload round");
  await assert.doesNotReject(page.waitForSelector(".error-summary"));
  assert.match(await page.textContent(".error-summary"), /pupils/);
  await assertAccessible(page, "home with errors");

  await page.setInputFiles("#scenario", join(ROOT, "scenarios/secondary-autumn2.json"));
  await page.click("text=Upload round");
  await page.waitForURL(/\/rounds\/r1$/);
  await assertAccessible(page, "board before solving");
  await page.click("button:has-text('Solve')");
  await page.waitForURL(/\/rounds\/r1$/, { timeout: 120000 }); // the script opens the board when done
  await page.waitForSelector("table.cases");
  const rows = await page.locator("table.cases tbody tr").count();
  assert.ok(rows > 10, `board lists every case (${rows})`);
  await assertAccessible(page, "board");
  await page.setViewportSize({ width: 1280, height: 1500 });
  await page.screenshot({ path: join(ROOT, "docs/serve-board.png"), fullPage: false });
  await page.setViewportSize({ width: 1280, height: 900 });

  const first = page.locator("table.cases tbody tr th a").first();
  const id = await first.textContent();
  await first.click();
  await page.waitForSelector("h1");
  assert.equal(await page.textContent("h1"), `Child ${id}`);
  await assertAccessible(page, "child page");

  // Pin the child at its first alternative, apply, re-solve against the plan on the table.
  const pin = page.locator("button:has-text('instead')").first();
  const label = await pin.textContent();
  const place = label.match(/Place at (\S+) instead/)[1];
  await pin.click();
  await page.waitForURL(/\/rounds\/r1(#changes)?$/);
  assert.match(await page.textContent("#changes + ul"), new RegExp(`Place ${id} at (.* \\()?${place}\\b`));
  await assertAccessible(page, "board with a staged change");
  await page.click("button:has-text('Apply changes and re-solve')");
  await page.waitForSelector("#moved", { timeout: 120000 });
  const moved = await page.textContent("#moved");
  assert.match(moved, /What changed since plan 1/);
  const row = page.locator("table.cases tbody tr", { has: page.locator(`a:text-is("${id}")`) });
  assert.match(await row.locator("td").nth(2).textContent(), new RegExp(place), "the pinned child is at its new place");
  await assertAccessible(page, "board after a re-solve");

  // Compare the two plans side by side: the pinned child is among the changed ones.
  await page.click("text=Compare plans side by side");
  await page.waitForSelector("table.compare");
  const changedRow = page.locator("table.compare tbody tr.changed", { has: page.locator(`th:text-is("${id}")`) });
  assert.equal(await changedRow.count(), 1, "the pinned child is marked as changed");
  assert.equal((await changedRow.locator("td").last().textContent()).trim(), "Yes");
  await assertAccessible(page, "compare");
  await page.screenshot({ path: join(ROOT, "docs/serve-resolve.png"), fullPage: false });

  // Record decisions: the pinned child agreed on its page, then everyone else at once.
  await page.goto(`${server.base}/rounds/r1/pupils/${id}`);
  await page.check("#decision-agree");
  await page.click("button:has-text('Record the decision')");
  await page.waitForURL(/\/rounds\/r1(#decisions)?$/);
  const decided = page.locator("table.decided tbody tr", { has: page.locator(`th:text-is("${id}")`) });
  assert.match(await decided.textContent(), new RegExp(`placed at ${place}`));
  await assertAccessible(page, "board with a decision");
  await page.click("button:has-text('Agree the plan for every child without a decision')");
  await page.waitForURL(/\/rounds\/r1(#decisions)?$/);
  assert.equal(await page.locator("table.decided tbody tr").count(), rows, "every child has a decision");

  // The ledger counts the decisions: as many FAP admissions this year as before, plus those placed now.
  await page.click("text=Ledger: whose turn is it");
  await page.waitForSelector("table.ledger");
  assert.match(await page.textContent("#year-end + dl"), /placed \d+/);
  await assertAccessible(page, "ledger");
  const ledgerCsv = await (await page.request.get(server.base + "/rounds/r1/export/ledger.csv")).text();
  assert.match(ledgerCsv.split("\n")[0], /school/i);
  await page.goto(`${server.base}/rounds/r1`);

  // Export the panel pack, the plan and the decisions log.
  await page.waitForFunction(() => true);
  let pack = null;
  for (let i = 0; i < 100 && pack === null; i++) {
    const r = await page.request.get(server.base + "/rounds/r1/export/pack.md");
    if (r.status() === 200) { pack = await r.text(); break; }
    assert.equal(r.status(), 409, "alternatives still being computed");
    await page.waitForTimeout(200);
  }
  assert.ok(pack !== null, "the panel pack was never ready");
  assert.match(pack, /^# Fair Access Panel: .*\n[^]*## Agenda: the cases/m);
  const plan = await (await page.request.get(server.base + "/rounds/r1/export/plan.json")).json();
  assert.equal(plan.format, "fap-plan/1");
  assert.ok(plan.proposals[0].moves, "the re-solve records its moves off the reference");
  const log = (await (await page.request.get(server.base + "/rounds/r1/export/decisions.jsonl")).text()).trim().split("\n");
  assert.equal(log.length, rows, "one log entry per child");

  // Close the round: the unplaced children (deferred) move to the next round.
  const unplaced = await page.locator("table.decided tbody tr:has-text('deferred')").count();
  await page.fill("#next-name", "Spring 1 secondary panel");
  await page.fill("#school-days", "15");
  await page.click("button:has-text('Close the round and roll forward')");
  await page.waitForURL(/\/rounds\/r2$/);
  assert.match(await page.textContent("h1"), /Spring 1 secondary panel/);
  const children = page.locator("dl.summary dt:text-is('Children') + dd");
  assert.equal((await children.textContent()).trim(), String(unplaced), "the deferred children moved on");
  await assertAccessible(page, "the next round's board");
});

test("a CSV bundle with mistakes: every problem at its field, accessible", async () => {
  await page.goto(server.url);
  const csv = (text) => ({ name: "x.csv", mimeType: "text/csv", buffer: Buffer.from(text) });
  await page.setInputFiles("#pupils", csv("id,kind,category,year_group,sex,easting,northing\nP1,fap,d,9,f,535400,lots\n"));
  await page.setInputFiles("#schools", csv("id,sex,easting,northing\nS1,mixed,53690O,182900\n"));
  await page.setInputFiles("#places", csv("school_id,year_group,pan,on_roll\nS1,9,30,28\n"));
  await page.click("text=Upload bundle");
  await page.waitForSelector(".error-summary");
  assert.ok(await page.locator(".error-summary a[href='#schools']").count() > 0, "the summary links to the schools field");
  assert.equal(await page.locator("#schools-error").count(), 1, "the schools problem is shown at its field");
  assert.equal(await page.locator("#pupils-error").count(), 1, "and the pupils problem at its own, at once");
  await assertAccessible(page, "home with bundle errors");
});
