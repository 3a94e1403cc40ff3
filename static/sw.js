// Caches the public pages and files, never a personal page, so the red flags and
// relief steps open with no signal. /sw-data.js (spasm/pwa.py) sets SPASM_RELEASE:
// a new release changes it, and the browser installs this same file again.
"use strict";

importScripts("/sw-data.js");
importScripts(
  "/static/vendor/workbox/workbox-core.prod.js",
  "/static/vendor/workbox/workbox-routing.prod.js",
  "/static/vendor/workbox/workbox-strategies.prod.js",
  "/static/vendor/workbox/workbox-precaching.prod.js",
);
importScripts(SPASM_RELEASE.idbScript, SPASM_RELEASE.outboxScript);

const { PrecacheController } = workbox.precaching;
const { registerRoute } = workbox.routing;
const { CacheFirst, NetworkFirst, NetworkOnly, StaleWhileRevalidate } = workbox.strategies;

const CACHE = "spasm-" + SPASM_RELEASE.version;
const FRAGMENTS = "spasm-fragments-" + SPASM_RELEASE.version;
const FRAGMENT_PAGES = new Set(SPASM_RELEASE.fragments);
// With a weak signal, a cached copy after a few seconds beats a spinner.
const SLOW_NETWORK_SECONDS = 4;
// A shared page's Vary names headers (htmx's, the cookie) its cached copy may lack.
const ANY_VARY = { ignoreVary: true };
const href = (path) => new URL(path, self.location.origin).href;

// Personal answers (sent no-store), errors and redirects are never cached.
function cacheable(response) {
  const control = response.headers.get("Cache-Control") || "";
  return response.ok && response.type === "basic" && !response.redirected && !/no-store/i.test(control);
}
const onlyCacheable = { cacheWillUpdate: async ({ response }) => (cacheable(response) ? response : null) };
const neverCache = { cacheWillUpdate: async () => null };

// A precached page is rendered anonymously and never stored in the HTTP cache:
// that copy would answer the person's next visit without their own timer.
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
const asCard = askingWith({ "X-Spasm-Precache": "1", "HX-Request": "true" });

// Only the required pages hold an install back (an older, complete cache beats
// a new one without them); the rest are fetched later (topUp).
const onlyRequiredHoldInstall = (required) => ({
  handlerDidError: async ({ request, event }) =>
    event && event.type === "install" && !required.has(request.url) ? Response.error() : undefined,
});

const pages = new PrecacheController({
  cacheName: CACHE,
  plugins: [asPrecache, onlyCacheable, onlyRequiredHoldInstall(new Set(SPASM_RELEASE.required.map(href)))],
});
pages.addToCacheList(SPASM_RELEASE.precache);

// The relief cards, asked for as htmx fragments, cached under their bare path.
const cards = new PrecacheController({
  cacheName: FRAGMENTS,
  plugins: [asCard, onlyCacheable, onlyRequiredHoldInstall(new Set())],
});
cards.addToCacheList([...FRAGMENT_PAGES].map((url) => ({ url, revision: null })));

// The page cache's key for a request: Workbox's, with the revision. The
// fragment names no other page, and "/?source=home-screen" is "/".
const precacheKeys = {
  cacheKeyWillBeUsed: async ({ request }) => {
    const url = new URL(request.url);
    url.hash = "";
    if (url.pathname === "/") url.search = "";
    return pages.getCacheKeyForURL(url.href) || request;
  },
};
const isPrecached = (url) => Boolean(pages.getCacheKeyForURL(url));

self.addEventListener("install", (event) => {
  event.waitUntil(Promise.all([pages.install(event), cards.install(event)]).then(() => self.skipWaiting()));
});

// Each release has caches of its own: the older ones go whole.
self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    const names = await caches.keys();
    const old = names.filter((name) => name.startsWith("spasm-") && name !== CACHE && name !== FRAGMENTS);
    await Promise.all(old.map((name) => caches.delete(name)));
    await self.clients.claim();
  })());
});

// What a weak signal lost at install is fetched once a page comes back from
// the network, one entry at a time ("cached, else fetch and cache": CacheFirst).
const topUpPages = new CacheFirst({ cacheName: CACHE, matchOptions: ANY_VARY, plugins: [asPrecache, onlyCacheable, precacheKeys] });
const topUpCards = new CacheFirst({ cacheName: FRAGMENTS, matchOptions: ANY_VARY, plugins: [asCard, onlyCacheable] });
let toppedUp = false;

function topUp(event) {
  if (toppedUp) return;
  toppedUp = true;
  const fill = (strategy, urls) => urls.reduce(
    (previous, url) => previous.then(() => strategy.handle({ event, request: url }).catch(() => {})),
    Promise.resolve(),
  );
  event.waitUntil(Promise.all([
    fill(topUpPages, [...pages.getURLsToCacheKeys().keys()]),
    fill(topUpCards, [...cards.getURLsToCacheKeys().keys()]),
  ]));
}

// The routes follow, in order: the first match wins.

const fromHtmx = (request) => request.headers.has("HX-Request");

// A relief card: the cached copy at once, the network behind it. A fresh public
// copy replaces it; a personal one (no-store) is handed to the page, which swaps
// it in. The fetch starts before the cache is looked in: the hand-over waits.
const lookedUp = (state) => (state.lookedUp ??= new Promise((resolve) => (state.found = resolve)));
const handPersonalToPage = {
  cachedResponseWillBeUsed: async ({ cachedResponse, state }) => {
    lookedUp(state);
    state.found(Boolean(cachedResponse));
    return cachedResponse;
  },
  cacheWillUpdate: async ({ event, request, response, state }) => {
    if (cacheable(response)) return response;
    const client = response.ok && (await lookedUp(state)) && (await self.clients.get(event.clientId));
    const path = new URL(request.url).pathname;
    if (client) client.postMessage({ type: "fresh-card", path, html: await response.clone().text() });
    return null;
  },
};

// Only GETs with no query, and never a history restore (that wants the page).
registerRoute(
  ({ url, request, sameOrigin }) =>
    sameOrigin && fromHtmx(request) && !url.search &&
    !request.headers.has("HX-History-Restore-Request") && FRAGMENT_PAGES.has(url.pathname),
  new StaleWhileRevalidate({
    cacheName: FRAGMENTS,
    matchOptions: ANY_VARY,
    plugins: [{ cacheKeyWillBeUsed: async ({ request }) => href(new URL(request.url).pathname) }, handPersonalToPage],
  }),
);

const offlinePage = async () => (await pages.matchPrecache("/offline")) || Response.error();

// A form sent with no signal gets the calm offline page, not the browser's error.
registerRoute(
  ({ request, sameOrigin }) => sameOrigin && request.mode === "navigate",
  new NetworkOnly(),
  "POST",
).setCatchHandler(offlinePage);

// A server error counts as no answer: the cached copy, else the server's error
// page. Any other answer is the moment to fetch what install missed.
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

// Pages: the network, the cached copy when it is slow or gone, else /offline.
registerRoute(
  ({ request, sameOrigin }) => sameOrigin && request.mode === "navigate",
  new NetworkFirst({
    cacheName: CACHE,
    networkTimeoutSeconds: SLOW_NETWORK_SECONDS,
    matchOptions: ANY_VARY,
    plugins: [neverCache, precacheKeys, serverTrouble],
  }),
).setCatchHandler(offlinePage);

// Files whose URL names their content: a cached copy is always right; one
// fetched late is cached if the precache lists it.
registerRoute(
  ({ url, request, sameOrigin }) =>
    sameOrigin && !fromHtmx(request) && (url.pathname.startsWith("/assets/") || url.pathname.startsWith("/static/")),
  new CacheFirst({
    cacheName: CACHE,
    matchOptions: ANY_VARY,
    plugins: [
      precacheKeys,
      { cacheWillUpdate: async ({ request, response }) => (isPrecached(request.url) && cacheable(response) ? response : null) },
    ],
  }),
);

// Anything else precached (the manifest): the network, else the cached copy.
registerRoute(
  ({ url, request, sameOrigin }) => sameOrigin && !fromHtmx(request) && isPrecached(url.href),
  new NetworkFirst({ cacheName: CACHE, matchOptions: ANY_VARY, plugins: [neverCache, precacheKeys] }),
);

// Background Sync: a head start for the outbox the page shares.
self.addEventListener("sync", (event) => {
  if (event.tag !== SpasmOutbox.SYNC_TAG) return;
  event.waitUntil((async () => {
    const state = await SpasmOutbox.flush();
    const windows = await self.clients.matchAll({ type: "window" });
    windows.forEach((client) => client.postMessage({ type: "outbox-sent" }));
    if (state.left) throw new Error("kept for later"); // the browser tries again
  })());
});

// Timer alerts sent by the server (spasm/timers/alerts.py), as Declarative
// Web Push messages, which Safari may show by itself.
function pathOnThisSite(url, fallback) {
  try {
    const target = new URL(url || fallback, self.location.origin);
    return target.origin === self.location.origin ? target.pathname + target.search : fallback;
  } catch {
    return fallback;
  }
}

function messageOf(event) {
  try {
    return event.data?.json() || {};
  } catch {
    return {}; // not JSON: still the timer's alert
  }
}

const text = (value, fallback) => (typeof value === "string" && value ? value : fallback);

self.addEventListener("push", (event) => {
  const note = messageOf(event).notification || {};
  event.waitUntil(self.registration.showNotification(text(note.title, "Spasm timer"), {
    body: typeof note.body === "string" ? note.body : "Open Spasm to see your timer.",
    tag: "spasm-timer",
    renotify: true,
    requireInteraction: true,
    vibrate: [400, 200, 400, 200, 400],
    icon: "/static/icons/icon-192.png",
    lang: "en",
    data: { url: pathOnThisSite(text(note.navigate, ""), "/timer") },
  }));
});

// A tap opens the timer: in the open Spasm window if there is one, else a new one.
self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const fallback = event.notification.tag === "spasm-timer" ? "/timer" : "/";
  const target = pathOnThisSite(text(event.notification.data?.url, ""), fallback);
  event.waitUntil((async () => {
    const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
    const same = windows.find((client) => pathOnThisSite(client.url, "") === target);
    if (same) return same.focus();
    const moved = windows.length && (await windows[0].navigate(target).catch(() => null));
    if (moved) return moved.focus().catch(() => moved);
    return self.clients.openWindow(target);
  })());
});
