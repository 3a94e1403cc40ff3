// What both engines must do (see journeys.py), in Debian's Firefox ESR:
// puppeteer-core speaks WebDriver BiDi to it, which Firefox has built in, so
// no driver is downloaded. Run by script/test-engines with `node --test`.
//
// Every error the page reports arrives as a BiDi log event and fails the
// test: uncaught errors and rejections, console.error, and CSP refusals
// (which Firefox logs as errors of the page), from the first script on.
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, openSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, afterEach, before, beforeEach, test } from "node:test";
import { fileURLToPath } from "node:url";

import puppeteer from "puppeteer-core";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const BIN = path.join(ROOT, ".venv", "bin");
const FIREFOX = process.env.SPASM_FIREFOX || "/usr/bin/firefox-esr";
const PHONE = { width: 390, height: 844 };
const COLD_SECONDS = 15 * 60;

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.on("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

// gunicorn with gunicorn.conf.py over a temporary SQLite file. Stopping it
// is a true loss of signal; it starts again on the same port and database.
class Server {
  constructor(directory, port) {
    this.database = path.join(directory, "spasm.sqlite3");
    this.log = path.join(directory, "gunicorn.log");
    this.port = port;
    this.url = `http://127.0.0.1:${port}`;
    this.env = {
      ...process.env,
      SPASM_DATABASE_URL: `sqlite:///${this.database}`,
      SPASM_SECRET_KEY: "engine-tests-secret-key",
      // No SESSION_COOKIE_SECURE: the cookies are as the app sets them on plain HTTP.
      FLASK_APP: "app",
    };
    this.process = null;
    const migrated = spawnSync(path.join(BIN, "flask"), ["db", "upgrade"], { cwd: ROOT, env: this.env });
    assert.equal(migrated.status, 0, String(migrated.stderr));
  }

  at(pathname) {
    return this.url + pathname;
  }

  async start() {
    const log = openSync(this.log, "a");
    const args = ["--config", "gunicorn.conf.py", "--bind", `127.0.0.1:${this.port}`, "--workers", "1", "app:app"];
    this.process = spawn(path.join(BIN, "gunicorn"), args, { cwd: ROOT, env: this.env, stdio: ["ignore", log, log] });
    const deadline = Date.now() + 20000;
    while (Date.now() < deadline) {
      if (this.process.exitCode !== null) throw new Error(`gunicorn exited: see ${this.log}`);
      try {
        if ((await fetch(this.at("/healthz"))).ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`gunicorn did not answer: see ${this.log}`);
  }

  async stop() {
    const running = this.process;
    this.process = null;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once("exit", resolve));
    running.kill("SIGTERM");
    await exited;
  }

  // The episodes and timers the server holds for one device.
  rows(token) {
    const found = spawnSync(path.join(BIN, "python"), ["-m", "tests.engines.server", "rows", this.database, token], {
      cwd: ROOT,
      encoding: "utf8",
    });
    assert.equal(found.status, 0, found.stderr);
    return JSON.parse(found.stdout);
  }
}

let directory;
let server;
let browser;
let context;
let page;
let errors;

before(async () => {
  directory = mkdtempSync(path.join(tmpdir(), "spasm-firefox-"));
  server = new Server(directory, await freePort());
  await server.start();
  browser = await puppeteer.launch({ browser: "firefox", executablePath: FIREFOX, headless: true });
});

after(async () => {
  await browser.close();
  await server.stop();
  rmSync(directory, { recursive: true, force: true });
});

// Each test is a new phone: a user context of its own, which shares no
// cookies, storage, caches or service workers with any other.
beforeEach(async () => {
  context = await browser.createBrowserContext();
  page = await context.newPage();
  await page.setViewport(PHONE);
  errors = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(`${page.url()}: console.error: ${message.text()}`);
  });
  page.on("pageerror", (error) => errors.push(`${page.url()}: ${error.message}`));
});

afterEach(async () => {
  await context.close();
  assert.deepEqual(errors, [], "errors in the page");
});

async function visit(pathname) {
  await page.goto(server.at(pathname), { waitUntil: "load" });
}

// A visible button by its exact text, tapped.
async function tap(name, within = "body") {
  const button = await page.waitForFunction(
    (name, within) =>
      [...document.querySelectorAll(`${within} button`)].find(
        (b) => b.textContent.trim() === name && b.checkVisibility(),
      ),
    { timeout: 15000 },
    name,
    within,
  );
  // A click lands on the middle of the button: keep it clear of the fixed bars.
  await button.evaluate((b) => b.scrollIntoView({ block: "center" }));
  await button.click();
}

async function waitFor(condition, ...args) {
  await page.waitForFunction(condition, { timeout: 15000 }, ...args);
}

async function countdown() {
  const handle = await page.waitForFunction(
    () => {
      const shown = document.querySelector("[data-timer-live] [data-timer-remaining]");
      return shown && /^\d+:\d\d$/.test(shown.textContent) && shown.textContent;
    },
    { timeout: 15000 },
  );
  const [minutes, seconds] = (await handle.jsonValue()).split(":");
  return Number(minutes) * 60 + Number(seconds);
}

async function deviceToken() {
  const cookie = (await context.cookies()).find((c) => c.name === "spasm_device");
  assert.ok(cookie, "no spasm_device cookie");
  return cookie.value;
}

const pending = () => page.evaluate(() => SpasmOutbox.pending().then((items) => items.map((item) => item.kind)));

test("one tap from home shows the position", async () => {
  await visit("/");
  assert.equal(await page.evaluate(() => innerWidth), PHONE.width);
  await tap("I'm having a spasm");
  await waitFor(() => document.querySelector("#relief-card .position-figure svg") !== null);
  assert.equal(await page.$eval("#relief-card h1", (h) => h.textContent.trim()), "Stop and get down safely");
  assert.equal(page.url(), server.at("/relief/position"));
});

test("a cold timer survives a reload and stops on the server", async () => {
  await visit("/timer");
  await tap("Start cold · 15 min");
  await waitFor(() => document.querySelector("article[data-timer]:not([data-local])") !== null);
  await page.reload({ waitUntil: "load" });
  const shown = await countdown();
  assert.ok(shown >= COLD_SECONDS - 5 && shown <= COLD_SECONDS, `${shown} s shown`);
  let [timer] = server.rows(await deviceToken()).timers;
  assert.deepEqual([timer.kind, timer.status, timer.planned_seconds], ["cold", "running", COLD_SECONDS]);

  await tap("Stop early");
  await waitFor(() => document.body.textContent.includes("Cold timer stopped after 0 minutes."));
  const timers = server.rows(await deviceToken()).timers;
  assert.equal(timers.length, 1);
  [timer] = timers;
  assert.equal(timer.status, "stopped");
  await page.reload({ waitUntil: "load" });
  assert.equal(await page.$$eval("article[data-timer]", (cards) => cards.length), 0);
});

test("with the server down the phone answers, and sends it all once later", async () => {
  await visit("/");
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
  await waitFor(() => navigator.serviceWorker.controller !== null);
  await waitFor(() => caches.keys().then((names) => names.some((name) => name.startsWith("spasm-fragments-"))));

  await server.stop();
  try {
    await visit("/red-flags");
    assert.equal(await page.$eval("h1", (h) => h.textContent.trim()), "When to get help");
    await visit("/");
    await tap("I'm having a spasm");
    await waitFor(() => document.querySelector("#relief-card .position-figure svg") !== null);
    await tap("Start heat", "#relief-card");
    const shown = await countdown();
    assert.ok(shown >= 20 * 60 - 10 && shown <= 20 * 60, `${shown} s shown`);
    await waitFor(() => SpasmOutbox.pending().then((items) => items.length === 2));
    assert.deepEqual(await pending(), ["episode", "timer-start"]);
  } finally {
    await server.start();
  }

  // The page sends what it kept as soon as a page loads with the signal back.
  await visit("/history");
  await waitFor(() => SpasmOutbox.pending().then((items) => items.length === 0));
  await page.reload({ waitUntil: "load" });
  const episodes = await page.$$(".episode-list li a");
  assert.equal(episodes.length, 1);
  await Promise.all([page.waitForNavigation({ waitUntil: "load" }), episodes[0].click()]);
  const sessions = await page.$$eval(".session-list li", (items) => items.map((item) => item.textContent.trim()));
  assert.equal(sessions.length, 1);
  assert.match(sessions[0], /^Heat/);
  const rows = server.rows(await deviceToken());
  assert.equal(rows.episodes.length, 1);
  assert.deepEqual(
    rows.timers.map((timer) => timer.kind),
    ["heat"],
  );
});

test("read aloud turns on and off", async () => {
  await visit("/relief/position");
  if (!(await page.evaluate(() => "speechSynthesis" in window && "SpeechSynthesisUtterance" in window))) {
    assert.equal(await page.$eval("[data-speech-start]", (b) => b.checkVisibility()), false);
    return;
  }
  await tap("Read aloud");
  await waitFor(() => document.querySelector("[data-speech-stop]").checkVisibility());
  assert.equal(await page.evaluate(() => localStorage.getItem("spasm.readAloud")), "on");
  await tap("Stop reading");
  await waitFor(() => document.querySelector("[data-speech-start]").checkVisibility());
  assert.equal(await page.evaluate(() => localStorage.getItem("spasm.readAloud")), null);
});

test("the pages load with no errors", async () => {
  for (const pathname of ["/", "/relief/position", "/timer", "/red-flags", "/history", "/prevention", "/settings", "/relief/heat-cold"]) {
    await visit(pathname);
    assert.match(await page.$eval("h1", (h) => h.textContent), /\S/, pathname);
  }
});
