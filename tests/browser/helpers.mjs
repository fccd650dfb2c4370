// Shared by the browser tests: start `fap serve` on a fresh data directory,
// launch the system Chromium, run axe on a page, call the JSON API.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";
import AxeBuilder from "@axe-core/playwright";

export const ROOT = new URL("../../", import.meta.url).pathname;
export const FAP = process.env.FAP_BIN || join(process.env.CARGO_TARGET_DIR || join(ROOT, "target"), "release/fap");

// A fresh directory under the system's temp dir, removed when the test process exits
// (each test file is its own process), so CI leaves no rounds behind in /tmp.
export function tempDir(prefix) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

// Starts the server on a free port; resolves { url, data, proc, stop }.
export async function startServer(args = [], data = tempDir("fap-serve-")) {
  const proc = spawn(FAP, ["serve", "--port", "0", "--data", data, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("fap serve printed no URL in 20 s: " + out)), 20000);
    proc.stdout.on("data", (d) => {
      out += d;
      const m = out.match(/open (http:\/\/[^\s]+)/);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    proc.stderr.on("data", (d) => { out += d; });
    proc.on("error", (e) => reject(new Error(`cannot start ${FAP}: ${e.message}`)));
    proc.on("exit", (c) => reject(new Error(`fap serve exited with ${c}: ${out}`)));
  });
  const base = new URL(url).origin;
  return { url, base, data, proc, stop: () => proc.kill("SIGKILL") };
}

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
      "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"],
  });
}

// axe-core with the WCAG 2.2 AA tags: every violation fails the test.
export async function assertAccessible(page, what) {
  const r = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]).analyze();
  const found = r.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length}) ${v.nodes.map((n) => n.target).join(" ")}`);
  assert.deepEqual(found, [], `axe violations on ${what}`);
}

// A JSON API client carrying the CSRF token.
export async function api(base) {
  const s = await (await fetch(base + "/api/session")).json();
  const call = async (method, path, body, headers = {}) => {
    const r = await fetch(base + path, {
      method,
      headers: { "x-csrf-token": s.csrf, "content-type": "application/json", ...headers },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    const text = await r.text();
    let json = null;
    try { json = JSON.parse(text); } catch { /* not JSON */ }
    return { status: r.status, json, text };
  };
  return { csrf: s.csrf, call };
}

// Waits for a job to finish through the API; returns its final snapshot.
export async function waitJob(client, job, seconds = 120) {
  for (let i = 0; i < seconds * 10; i++) {
    const r = await client.call("GET", `/api/jobs/${job}`);
    if (r.json.state !== "running") return r.json;
    await new Promise((ok) => setTimeout(ok, 100));
  }
  throw new Error(`job ${job} still running after ${seconds} s`);
}
