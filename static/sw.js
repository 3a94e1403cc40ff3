// Spasm's service worker: keeps the public pages and static files, so the red
// flags and the relief steps open with no signal. Personal pages are never kept.
// The htmx cards of the relief steps are answered from the kept copies first
// (and refreshed behind them), so a tap never waits for the network; writes
// kept on the phone (the outbox) are sent by Background Sync where it exists.
//
// This file is the same for every release. /sw-data.js (spasm/pwa.py) sets
// SPASM_RELEASE: the version, what to keep and the scripts to load. A new
// release changes that file, and the browser installs this worker again.
"use strict";

importScripts("/sw-data.js");
// Workbox's production builds, each after the ones it needs.
importScripts(
  "/static/vendor/workbox/workbox-core.prod.js",
  "/static/vendor/workbox/workbox-routing.prod.js",
  "/static/vendor/workbox/workbox-strategies.prod.js",
  "/static/vendor/workbox/workbox-precaching.prod.js",
);
// The outbox reads its queue with idb, so idb comes first.
importScripts(SPASM_RELEASE.idbScript, SPASM_RELEASE.outboxScript);

const { PrecacheController } = workbox.precaching;
const { registerRoute } = workbox.routing;
const { CacheFirst, NetworkFirst, NetworkOnly, Strategy } = workbox.strategies;

const VERSION = SPASM_RELEASE.version;
const CACHE = "spasm-" + VERSION;
const FRAGMENTS = "spasm-fragments-" + VERSION;
const FRAGMENT_PAGES = new Set(SPASM_RELEASE.fragments);
const OFFLINE_PAGE = "/offline";
// With a weak signal, a kept copy after a few seconds beats a spinner.
const SLOW_NETWORK_SECONDS = 4;
// The Vary of a shared page names headers a kept copy was not fetched with
// (htmx's, the cookie): a kept copy answers whatever the request carried.
const ANY_VARY = { ignoreVary: true };

function href(path) {
  return new URL(path, self.location.origin).href;
}

// ---- Plugins: what is asked for, what may be kept, under which key ----

function keepable(response) {
  const control = response.headers.get("Cache-Control") || "";
  // A redirected response cannot answer a navigation, so it is not worth keeping.
  return response.ok && response.type === "basic" && !response.redirected && !/no-store/i.test(control);
}

// Personal answers (sent no-store) and errors are never kept.
const onlyKeepable = {
  cacheWillUpdate: async ({ response }) => (keepable(response) ? response : null),
};

// The server renders a precached page anonymously: nothing personal. It is
// fetched afresh and never stored in the browser's HTTP cache either: that
// copy would answer the person's next visit to the page, their own timer
// or episode missing from it (a shared page may be kept for 5 minutes).
function askingWith(extra) {
  return {
    requestWillFetch: async ({ request }) => {
      const headers = new Headers(request.headers);
      Object.entries(extra).forEach(([name, value]) => headers.set(name, value));
      return new Request(request, { headers, cache: "no-store" });
    },
  };
}
const asPrecache = askingWith({ "X-Spasm-Precache": "1" });
// The card htmx swaps in, for the fragments cache.
const asCard = askingWith({ "X-Spasm-Precache": "1", "HX-Request": "true" });

// Only the required pages hold an install back: without them an older,
// complete cache is better, so this worker fails and that one stays in
// charge. Anything else a weak signal loses is fetched again later (topUp),
// and Workbox goes on to the next entry.
function onlyRequiredHoldInstall(required) {
  return {
    handlerDidError: async ({ request, event }) =>
      event && event.type === "install" && !required.has(request.url) ? Response.error() : undefined,
  };
}

const pages = new PrecacheController({
  cacheName: CACHE,
  plugins: [asPrecache, onlyKeepable, onlyRequiredHoldInstall(new Set(SPASM_RELEASE.required.map(href)))],
});
pages.addToCacheList(SPASM_RELEASE.precache);

// The relief cards are the same paths as their pages, asked for as htmx
// fragments, so they have a cache and a controller of their own. A card is
// kept under its bare path (no revision: the cache's name carries the
// release), which is how the card strategy below looks it up.
const cards = new PrecacheController({
  cacheName: FRAGMENTS,
  plugins: [asCard, onlyKeepable, onlyRequiredHoldInstall(new Set())],
});
cards.addToCacheList([...FRAGMENT_PAGES].map((url) => ({ url, revision: null })));

// Reads and writes of the page cache use Workbox's key for a precached URL
// (its revision added). The home-screen icon opens "/?source=home-screen":
// the same page as "/". A request's URL keeps its fragment ("/red-flags#today"
// from the safety check), which names no other page.
const precacheKeys = {
  cacheKeyWillBeUsed: async ({ request }) => {
    const url = new URL(request.url);
    url.hash = "";
    if (url.pathname === "/") url.search = "";
    return pages.getCacheKeyForURL(url.href) || request;
  },
};

function isPrecached(url) {
  return Boolean(pages.getCacheKeyForURL(url));
}

// Only the precache fills the page cache: a page fetched for this device may
// be personal.
const neverKeep = { cacheWillUpdate: async () => null };

// ---- Install, activate, and what install missed ----

self.addEventListener("install", (event) => {
  event.waitUntil(Promise.all([pages.install(event), cards.install(event)]).then(() => self.skipWaiting()));
});

// Workbox cleans out entries within one cache; every release has caches of
// its own, so the older releases' caches go whole.
self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    const names = await caches.keys();
    const old = names.filter((name) => name.startsWith("spasm-") && name !== CACHE && name !== FRAGMENTS);
    await Promise.all(old.map((name) => caches.delete(name)));
    await self.clients.claim();
  })());
});

// Workbox fetches the precache at install only. What a weak signal lost then
// is fetched once the network answers a page again, one entry at a time:
// "from the cache, else fetch and keep" is what CacheFirst does, with the
// precache's own plugins.
const topUpPages = new CacheFirst({
  cacheName: CACHE,
  matchOptions: ANY_VARY,
  plugins: [asPrecache, onlyKeepable, precacheKeys],
});
const topUpCards = new CacheFirst({ cacheName: FRAGMENTS, matchOptions: ANY_VARY, plugins: [asCard, onlyKeepable] });

let toppedUp = false;
function topUp(event) {
  if (toppedUp) return;
  toppedUp = true;
  const fill = (strategy, urls) =>
    urls.reduce(
      (previous, url) => previous.then(() => strategy.handle({ event, request: url }).catch(() => {})),
      Promise.resolve(),
    );
  event.waitUntil(Promise.all([
    fill(topUpPages, [...pages.getURLsToCacheKeys().keys()]),
    fill(topUpCards, [...cards.getURLsToCacheKeys().keys()]),
  ]));
}

// ---- Routes, first match wins ----

// htmx swaps pieces of a page; only a relief card's own piece is answered
// here. Every other route leaves htmx's requests to the network.
function fromHtmx(request) {
  return request.headers.has("HX-Request");
}

// A relief card for htmx: the kept copy at once, the network behind it.
// A fresh public copy replaces the kept one; a personal answer (the device's
// open episode adds its own bits, sent no-store) is never kept, but is handed
// to the page, which swaps it in if that card is still on screen.
// The cards are small: while this worker runs, they are also held in memory,
// which answers sooner than opening the cache.
// Written by hand because Workbox's StaleWhileRevalidate answers only from
// the Cache API and drops a response it may not keep; the keys, the fetch
// and what may be kept are still Workbox's (handler and plugins).
const inMemory = new Map();

function fromMemory(path) {
  const card = inMemory.get(path);
  return card && new Response(card.body, { status: 200, headers: card.headers });
}

async function remember(path, response) {
  if (!response) return response;
  // The body is already decoded: its encoding and length no longer apply.
  const headers = [...response.headers].filter(([name]) => !/^content-(encoding|length)$/i.test(name));
  inMemory.set(path, { body: await response.clone().arrayBuffer(), headers });
  return response;
}

async function handToPage(clientId, path, response) {
  const client = await self.clients.get(clientId);
  if (client) client.postMessage({ type: "fresh-card", path, html: await response.text() });
}

class KeptCardFirst extends Strategy {
  async _handle(request, handler) {
    const path = new URL(request.url).pathname;
    const kept = fromMemory(path) || (await remember(path, await handler.cacheMatch(request)));
    const fresh = handler.fetch(request).then(async (response) => {
      if (await handler.cachePut(request, response.clone())) {
        await remember(path, response);
      } else if (kept && response.ok) {
        await handToPage(handler.event.clientId, path, response.clone());
      }
      return response;
    });
    if (!kept) return fresh;
    handler.waitUntil(fresh.catch(() => {}));
    return kept;
  }
}

registerRoute(
  ({ url, request, sameOrigin }) =>
    sameOrigin &&
    fromHtmx(request) &&
    // Only GETs without a query, and never a history restore (htmx wants the whole page then).
    !url.search &&
    !request.headers.has("HX-History-Restore-Request") &&
    FRAGMENT_PAGES.has(url.pathname),
  new KeptCardFirst({
    cacheName: FRAGMENTS,
    matchOptions: ANY_VARY,
    // Kept under the bare path, without htmx's headers.
    plugins: [{ cacheKeyWillBeUsed: async ({ request }) => href(new URL(request.url).pathname) }, onlyKeepable],
  }),
);

async function offlinePage() {
  return (await pages.matchPrecache(OFFLINE_PAGE)) || Response.error();
}

// A form sent with no signal gets the calm offline page, not the browser's
// error. Nothing is cached here. (HTML forms send GET or POST.)
registerRoute(
  ({ request, sameOrigin }) => sameOrigin && request.mode === "navigate",
  new NetworkOnly(),
  "POST",
).setCatchHandler(offlinePage);

// A server error is worth less than the kept copy: it counts as no answer,
// and NetworkFirst looks in the cache. With no kept copy, the server's own
// error page is shown after all. An answer from the server is also the
// moment to fetch what install missed.
const serverTrouble = {
  fetchDidSucceed: async ({ event, response, state }) => {
    if (response.status < 500) {
      topUp(event);
      return response;
    }
    state.serverError = response;
    throw new Error("the server answered " + response.status);
  },
  handlerDidError: async ({ state }) => state.serverError,
};

// Pages: the network, the kept copy when it is slow or gone, else /offline.
registerRoute(
  ({ request, sameOrigin }) => sameOrigin && request.mode === "navigate",
  new NetworkFirst({
    cacheName: CACHE,
    networkTimeoutSeconds: SLOW_NETWORK_SECONDS,
    matchOptions: ANY_VARY,
    plugins: [neverKeep, precacheKeys, serverTrouble],
  }),
).setCatchHandler(offlinePage);

// Bundles and static files: their URLs name their content, so a kept copy is
// always right. One fetched late is kept if it belongs to the precache.
registerRoute(
  ({ url, request, sameOrigin }) =>
    sameOrigin && !fromHtmx(request) && (url.pathname.startsWith("/assets/") || url.pathname.startsWith("/static/")),
  new CacheFirst({
    cacheName: CACHE,
    matchOptions: ANY_VARY,
    plugins: [
      precacheKeys,
      { cacheWillUpdate: async ({ request, response }) => (isPrecached(request.url) && keepable(response) ? response : null) },
    ],
  }),
);

// Anything else that is precached (the manifest): the network, else the kept copy.
registerRoute(
  ({ url, request, sameOrigin }) => sameOrigin && !fromHtmx(request) && isPrecached(url.href),
  new NetworkFirst({ cacheName: CACHE, matchOptions: ANY_VARY, plugins: [neverKeep, precacheKeys] }),
);

// ---- Background Sync ----

// Writes kept on the phone, sent when the browser sees a signal again, even
// with the app closed. The page sends them too: this is only a head start.
// Workbox's own background sync replays requests it queued itself; this
// queue belongs to the outbox script, which the page shares.
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

// ---- Timer alerts (Workbox has no part in push) ----

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

// A message that is not JSON still shows the timer's alert.
function messageOf(event) {
  try {
    return (event.data && event.data.json()) || {};
  } catch (error) {
    return {};
  }
}

self.addEventListener("push", (event) => {
  const note = messageOf(event).notification || {};
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
