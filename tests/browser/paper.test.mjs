// The panel paper prints on A4 (issue 16's bar): a 40-pupil round made from the
// Tower Hamlets register extract, with contrasts, fits in at most 12 pages when
// Chromium prints the HTML pack, and in at most 12 as fap's own PDF.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { FAP, ROOT, launch, tempDir } from "./helpers.mjs";

const MAX_PAGES = 12;

// Pages of a PDF: its page objects (/Type /Page, not /Pages).
function pages(pdf) {
  return (pdf.toString("latin1").match(/\/Type\s*\/Page(?![a-z])/g) || []).length;
}

test("a 40-pupil pack prints on at most 12 A4 pages, from Chromium and as PDF", async () => {
  const dir = tempDir("fap-paper-");
  const reg = join(ROOT, "tests/fixtures/register");
  const round = join(dir, "round.json");
  execFileSync(FAP, ["generate", "--seed", "3", "--pupils", "40", "--phase", "secondary",
    "--schools-csv", join(reg, "tower-hamlets.csv"), "--ap-csv", join(reg, "tower-hamlets-ap.csv"),
    "-o", round, "-q"]);
  const html = join(dir, "pack.html");
  const pdf = join(dir, "pack.pdf");
  execFileSync(FAP, ["solve", round, "--proposals", "2", "--contrast", "ignore-shares,fairest",
    "--report", html, "--report", pdf, "-o", join(dir, "round.plan.json"), "-q"]);
  const own = pages(readFileSync(pdf));
  assert.ok(own >= 3 && own <= MAX_PAGES, `fap's PDF has ${own} pages`);
  const browser = await launch();
  try {
    const page = await browser.newPage();
    await page.goto("file://" + html);
    const printed = await page.pdf({ format: "A4", preferCSSPageSize: true });
    const n = pages(printed);
    assert.ok(n >= 3 && n <= MAX_PAGES, `Chromium prints the HTML pack on ${n} pages`);
    console.log(`40-pupil pack: ${n} pages printed by Chromium, ${own} pages as fap's PDF`);
  } finally {
    await browser.close();
  }
});
