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
  await page.screenshot({ path: join(ROOT, "docs/serve-board.png"), fullPage: false });

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
  assert.match(await page.textContent("#changes + ul"), new RegExp(`Place ${id} at ${place}`));
  await assertAccessible(page, "board with a staged change");
  await page.click("button:has-text('Apply changes and re-solve')");
  await page.waitForSelector("#moved", { timeout: 120000 });
  const moved = await page.textContent("#moved");
  assert.match(moved, /What changed since plan 1/);
  const row = page.locator("table.cases tbody tr", { has: page.locator(`a:text-is("${id}")`) });
  assert.match(await row.locator("td").nth(2).textContent(), new RegExp(place), "the pinned child is at its new place");
  await assertAccessible(page, "board after a re-solve");
  await page.locator("#moved").screenshot({ path: join(ROOT, "docs/serve-resolve.png") });

  // Export the panel pack (HTML) and the plan.
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
});
