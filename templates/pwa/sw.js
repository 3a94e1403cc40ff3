// Spasm's service worker: keeps the public pages and static files, so the red
// flags and the relief steps open with no signal. Personal pages are never kept.
// The htmx cards of the relief steps are answered from the kept copies first
// (and refreshed behind them), so a tap never waits for the network; writes
// kept on the phone (the outbox) are sent by Background Sync where it exists.
"use strict";

importScripts({{ outbox_script | tojson }});

const VERSION = {{ offline.version | tojson }};
const CACHE = "spasm-" + VERSION;
const FRAGMENTS = "spasm-fragments-" + VERSION;
const PRECACHE = {{ offline.urls | list | tojson }};
const REQUIRED = {{ offline.required | list | tojson }};
const FRAGMENT_PAGES = new Set({{ offline.fragments | list | tojson }});
const OFFLINE_PAGE = "/offline";
// The server renders a precached page anonymously: nothing personal.
const PRECACHE_HEADERS = { "X-Spasm-Precache": "1" };

const precached = new Set(PRECACHE.map((path) => new URL(path, self.location.origin).href));

function keepable(response) {
  const control = response.headers.get("Cache-Control") || "";
  // A redirected response cannot answer a navigation, so it is not worth keeping.
  return response.ok && response.type === "basic" && !response.redirected && !/no-store/i.test(control);
}

async function store(cache, path) {
  const response = await fetch(new Request(path, { headers: PRECACHE_HEADERS, cache: "reload" }));
  if (!keepable(response)) throw new Error(path + " cannot be kept offline");
  await cache.put(path, response);
}

// The card htmx swaps in, kept under its path alone.
async function storeFragment(cache, path) {
  const headers = { ...PRECACHE_HEADERS, "HX-Request": "true" };
  const response = await fetch(new Request(path, { headers, cache: "reload" }));
  if (!keepable(response)) throw new Error(path + " cannot be kept offline");
  await cache.put(path, response);
}

async function precacheFragments() {
  const cache = await caches.open(FRAGMENTS);
  await Promise.allSettled([...FRAGMENT_PAGES].map((path) => storeFragment(cache, path)));
}

async function precache() {
  const cache = await caches.open(CACHE);
  const [results] = await Promise.all([
    Promise.allSettled(PRECACHE.map((path) => store(cache, path))),
    precacheFragments(),
  ]);
  const missing = PRECACHE.filter((path, i) => results[i].status === "rejected");
  // Without these, an older complete cache is better: stay waiting and let it serve.
  if (missing.some((path) => REQUIRED.includes(path))) {
    throw new Error("precache incomplete: " + missing.join(", "));
  }
}

// Pages that failed to arrive at install (a weak signal) are fetched again later.
let toppedUp = false;
async function topUp() {
  if (toppedUp) return;
  toppedUp = true;
  const cache = await caches.open(CACHE);
  for (const path of PRECACHE) {
    if (!(await cache.match(path, { ignoreVary: true }))) {
      await store(cache, path).catch(() => {});
    }
  }
  const fragments = await caches.open(FRAGMENTS);
  for (const path of FRAGMENT_PAGES) {
    if (!(await fragments.match(path, { ignoreVary: true }))) {
      await storeFragment(fragments, path).catch(() => {});
    }
  }
}

self.addEventListener("install", (event) => {
  event.waitUntil(precache().then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    const names = await caches.keys();
    await Promise.all(
      names
        .filter((name) => name.startsWith("spasm-") && name !== CACHE && name !== FRAGMENTS)
        .map((name) => caches.delete(name))
    );
    await self.clients.claim();
  })());
});

async function fromCache(request, options) {
  const cache = await caches.open(CACHE);
  return cache.match(request, { ignoreVary: true, ...options });
}

async function offlinePage() {
  return (await fromCache(OFFLINE_PAGE)) || Response.error();
}

async function cachedPage(request) {
  // The home-screen icon opens "/?source=home-screen": the same page.
  const ignoreSearch = new URL(request.url).pathname === "/";
  return fromCache(request, { ignoreSearch });
}

// With a weak signal, a kept copy after a few seconds beats a spinner.
const SLOW_NETWORK_MS = 4000;

function delay(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function navigate(event) {
  const request = event.request;
  const fallback = () => cachedPage(request).then((cached) => cached || offlinePage());
  const network = fetch(request).then(async (response) => {
    if (response.status >= 500) return (await cachedPage(request)) || response;
    return response;
  });
  event.waitUntil(network.then(topUp).catch(() => {}));
  const fromNetwork = network.catch(fallback);
  const whenSlow = delay(SLOW_NETWORK_MS)
    .then(() => cachedPage(request))
    .then((cached) => cached || fromNetwork);
  return Promise.race([fromNetwork, whenSlow]);
}

async function cacheFirst(request) {
  const cached = await fromCache(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (precached.has(request.url) && keepable(response)) {
    const cache = await caches.open(CACHE);
    await cache.put(request, response.clone());
  }
  return response;
}

async function networkThenCache(request) {
  try {
    return await fetch(request);
  } catch (error) {
    return (await fromCache(request)) || Response.error();
  }
}

// A relief card for htmx: the kept copy at once, the network behind it.
// A fresh public copy replaces the kept one; a personal answer (the device's
// open episode adds its own bits, sent no-store) is never kept, but is handed
// to the page, which swaps it in if that card is still on screen.
// The cards are small: while this worker runs, they are also held in memory,
// which answers sooner than opening the cache.
const cards = new Map();

function fromMemory(path) {
  const card = cards.get(path);
  return card && new Response(card.body, { status: 200, headers: card.headers });
}

async function remember(path, response) {
  // The body is already decoded: its encoding and length no longer apply.
  const headers = [...response.headers].filter(([name]) => !/^content-(encoding|length)$/i.test(name));
  cards.set(path, { body: await response.clone().arrayBuffer(), headers });
}

async function keptCard(path) {
  const memory = fromMemory(path);
  if (memory) return memory;
  const cache = await caches.open(FRAGMENTS);
  const kept = await cache.match(path, { ignoreVary: true });
  if (kept) await remember(path, kept);
  return kept;
}

async function fragment(event) {
  const request = event.request;
  const path = new URL(request.url).pathname;
  const kept = await keptCard(path);
  const network = fetch(request).then(async (response) => {
    if (keepable(response)) {
      await remember(path, response);
      await (await caches.open(FRAGMENTS)).put(path, response.clone());
    } else if (kept && response.ok) {
      const client = await self.clients.get(event.clientId);
      if (client) client.postMessage({ type: "fresh-card", path, html: await response.clone().text() });
    }
    return response;
  });
  if (!kept) return network;
  event.waitUntil(network.catch(() => {}));
  return kept;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.headers.has("HX-Request")) {
    // htmx swaps pieces of a page; only a relief card's own piece is kept.
    const restoring = request.headers.has("HX-History-Restore-Request");
    if (request.method === "GET" && !url.search && !restoring && FRAGMENT_PAGES.has(url.pathname)) {
      event.respondWith(fragment(event));
    }
    return;
  }

  if (request.method !== "GET") {
    // A form sent with no signal gets the calm offline page, not the browser's error.
    // Nothing is cached here.
    if (request.mode === "navigate") {
      event.respondWith(fetch(request).catch(offlinePage));
    }
    return;
  }
  if (request.mode === "navigate") {
    event.respondWith(navigate(event));
  } else if (url.pathname.startsWith("/assets/") || url.pathname.startsWith("/static/")) {
    event.respondWith(cacheFirst(request));
  } else if (precached.has(url.href)) {
    event.respondWith(networkThenCache(request));
  }
});

// Writes kept on the phone, sent when the browser sees a signal again, even
// with the app closed. The page sends them too: this is only a head start.
self.addEventListener("sync", (event) => {
  if (event.tag !== SpasmOutbox.SYNC_TAG) return;
  event.waitUntil((async () => {
    const state = await SpasmOutbox.flush();
    const windows = await self.clients.matchAll({ type: "window" });
    windows.forEach((client) => client.postMessage({ type: "outbox-sent" }));
    // Something is still waiting: the browser tries again later.
    if (state.left) throw new Error("kept for later");
  })());
});

// A timer alert sent by the server (spasm/timers/alerts.py) while the page sleeps or
// the phone is locked. The message is a Declarative Web Push message, which
// Safari may show by itself; everywhere else it is shown from here.
const ALERT_VIBRATION = [400, 200, 400, 200, 400];

function pathOnThisSite(url, fallback) {
  if (typeof url !== "string" || !url) return fallback;
  try {
    const target = new URL(url, self.location.origin);
    return target.origin === self.location.origin ? target.pathname + target.search : fallback;
  } catch (error) {
    return fallback;
  }
}

self.addEventListener("push", (event) => {
  let message = {};
  try {
    message = event.data ? event.data.json() : {};
  } catch (error) {
    message = {};
  }
  const note = (message && message.notification) || {};
  const title = typeof note.title === "string" && note.title ? note.title : "Spasm timer";
  event.waitUntil(self.registration.showNotification(title, {
    body: typeof note.body === "string" ? note.body : "Open Spasm to see your timer.",
    tag: "spasm-timer",
    renotify: true,
    requireInteraction: true,
    vibrate: ALERT_VIBRATION,
    icon: "/static/icons/icon-192.png",
    lang: "en",
    data: { url: pathOnThisSite(note.navigate, "/timer") },
  }));
});

// A tap on a timer notification opens the timer: the open Spasm window if
// there is one (taken to /timer), else a new one.
self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const data = event.notification.data || {};
  const fallback = event.notification.tag === "spasm-timer" ? "/timer" : "/";
  const target = pathOnThisSite(data.url, fallback);
  event.waitUntil((async () => {
    const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
    const same = windows.find((client) => pathOnThisSite(client.url, "") === target);
    if (same) return same.focus();
    if (windows.length) {
      const moved = await windows[0].navigate(target).catch(() => null);
      if (moved) return moved.focus().catch(() => moved);
    }
    return self.clients.openWindow(target);
  })());
});
