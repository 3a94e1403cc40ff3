// The outbox: writes answered by the phone at once, kept until the server has them.
//
// A form marked data-outbox="<kind>" is kept in IndexedDB with an
// Idempotency-Key and the time of the tap, the handler for its kind shows the
// answer, and the queue is sent oldest first, now and whenever there may be
// signal again. The server does each key once (spasm/idempotency.py).
// The service worker loads this file too (after idb) for Background Sync:
// hence a plain script, with everything that touches the page guarded.
(() => {
  "use strict";
  // Phones already hold queues under these names, in this shape.
  const DB_NAME = "spasm", STORE = "outbox", SYNC_TAG = "spasm-outbox";
  // A write answered "still being saved, try again later" (409 with
  // Retry-After) holds the queue for this many tries at most, then is given
  // up so the writes behind it can go. (The server gives up on it sooner.)
  const MAX_CONFLICTS = 5;
  const inPage = typeof document !== "undefined";
  const handlers = {};
  let opening, flushing, retrying, lastSeq = 0;

  // idb is looked up on first use, so a worker without it still starts; a
  // connection that failed or was lost is opened afresh next time.
  function openDb() {
    if (opening) return opening;
    const forget = () => (opening = null);
    const upgrade = (db) => db.createObjectStore(STORE, { keyPath: "id" });
    opening = self.idb.openDB(DB_NAME, 1, { upgrade, terminated: forget });
    opening.catch(forget);
    return opening;
  }

  // "put" or "delete", resolved once committed (idb's shortcuts wait for that).
  const write = async (change, value) => (await openDb())[change](STORE, value);

  async function pending() {
    const items = await (await openDb()).getAll(STORE);
    return items.sort((a, b) => a.seq - b.seq);
  }

  // randomUUID came with Safari 15.4 and needs a secure context.
  function newKey() {
    if (self.crypto.randomUUID) return self.crypto.randomUUID();
    const bytes = self.crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40; // version 4
    bytes[8] = (bytes[8] & 0x3f) | 0x80; // variant 1
    const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
    return hex.replace(/^(.{8})(.{4})(.{4})(.{4})/, "$1-$2-$3-$4-");
  }

  // fields: [name, value] pairs; what: the write's name for the person, if refused.
  async function keep(url, fields, kind, what) {
    // Two taps in one millisecond still keep their order.
    const seq = (lastSeq = Math.max(Date.now(), lastSeq + 1));
    const body = new URLSearchParams(fields).toString();
    const item = { id: newKey(), seq, url, body, tappedAt: new Date().toISOString(), kind, what: what || "" };
    await write("put", item);
    return item;
  }

  async function send(item) {
    const response = await fetch(item.url, {
      method: "POST", body: item.body, credentials: "same-origin", redirect: "manual",
      // HX-Request: the answer is the small fragment htmx would have asked for.
      // Both times on the phone's clock: the server measures the wait, not the clock.
      headers: {
        "Content-Type": "application/x-www-form-urlencoded", "Idempotency-Key": item.id, "HX-Request": "true",
        "X-Spasm-Tapped-At": item.tappedAt, "X-Spasm-Sent-At": new Date().toISOString(),
      },
    }).catch(() => null);
    if (!response) return { outcome: "later", status: 0 };
    const { status } = response;
    // A followed redirect is "opaqueredirect" with status 0: the write was done.
    if (response.type === "opaqueredirect" || (status >= 200 && status < 400)) {
      return { outcome: "sent", status, html: await response.text() };
    }
    // A 409 without Retry-After met something it cannot change (a timer
    // already ended): the page shows the server's state. With it, the write
    // is still being saved from another send: wait 1 to 60 seconds as asked.
    const retryAfter = response.headers.get("Retry-After");
    if (status === 409 && !retryAfter) return { outcome: "sent", status, html: "" };
    if (status === 409) {
      const asked = parseInt(retryAfter, 10);
      return { outcome: "later", status, retryIn: Math.min(Math.max(isNaN(asked) ? 2 : asked, 1), 60) * 1000 };
    }
    // Too busy, or a fault on the server.
    if ([408, 425, 429].includes(status) || status >= 500) return { outcome: "later", status };
    return { outcome: "refused", status, html: await response.text() };
  }

  // A write that cannot go yet holds back the ones after it (a check-in needs
  // the episode started before it).
  async function sendQueue() {
    const items = await pending();
    for (const [index, item] of items.entries()) {
      const left = items.length - index;
      // Put off by the server a moment ago: not before the time it asked.
      const waiting = (item.retryAt || 0) - Date.now();
      if (waiting > 0) return { left, status: 409, retryIn: waiting };
      const result = await send(item);
      if (result.outcome === "later" && result.status === 409) {
        item.conflicts = (item.conflicts || 0) + 1;
        item.retryAt = Date.now() + result.retryIn;
        if (item.conflicts < MAX_CONFLICTS) {
          await write("put", item);
          return { left, status: 409, retryIn: result.retryIn };
        }
        Object.assign(result, { outcome: "refused", html: "" });
      }
      if (result.outcome === "later") return { left, status: result.status };
      await write("delete", item.id);
      announce(result.outcome, item, result);
    }
    return { left: 0 };
  }

  // The page and the service worker may both send the queue when the signal
  // returns. They take turns under one lock and read the queue inside it: a
  // device with no profile yet must not send its first write twice at once.
  function flush() {
    if (flushing) return flushing.then(() => flushing || flush());
    const turn = navigator.locks ? navigator.locks.request(SYNC_TAG, sendQueue) : sendQueue();
    flushing = turn.catch(() => ({ left: -1 })).then((state) => {
      flushing = null;
      showState();
      // Still being saved: look again when the server said (one timer, however
      // often it was said). No signal: the browser may send it, even closed.
      if (state.left && state.status === 409) {
        clearTimeout(retrying);
        retrying = setTimeout(flush, state.retryIn);
      } else if (state.left && inPage && navigator.serviceWorker?.controller) {
        // Background Sync is a bonus; the page sends too.
        navigator.serviceWorker.ready.then((sw) => sw.sync?.register(SYNC_TAG)).catch(() => {});
      }
      return state;
    });
    return flushing;
  }

  function announce(outcome, item, { status, html }) {
    const detail = { id: item.id, kind: item.kind, url: item.url, what: item.what || "", status, html };
    if (inPage) return tell(outcome, detail);
    // Sent by the service worker: the open pages hear of it as if they had sent it.
    self.clients.matchAll({ type: "window" }).then((windows) => {
      for (const client of windows) client.postMessage({ type: "outbox-answer", outcome, detail });
    });
  }

  function tell(outcome, detail) {
    document.dispatchEvent(new CustomEvent(`spasm:outbox-${outcome}`, { detail }));
    if (outcome !== "refused") return;
    // Named when the form said what it is (data-outbox-what).
    const what = detail?.what || "Something kept on this phone";
    showAlert("data-outbox-refused", "alert", `${what} could not be saved. Please enter it again.`);
  }

  function showAlert(attribute, role, text) {
    const alerts = document.getElementById("alerts");
    if (!alerts) return;
    if (!alerts.querySelector(`[${attribute}]`)) {
      alerts.insertAdjacentHTML("beforeend", `<div class="alert alert-kept" ${attribute}><p></p></div>`);
    }
    const box = alerts.querySelector(`[${attribute}]`);
    box.setAttribute("role", role);
    // A status is not read out again unless it changed.
    if (role === "alert" || box.firstChild.textContent !== text) box.firstChild.textContent = text;
  }

  async function showState() {
    if (!inPage) return;
    const count = (await pending().catch(() => null))?.length;
    if (count === 0) document.querySelector("[data-outbox-state]")?.remove();
    if (!count) return;
    const text = count === 1
      ? "1 thing is kept on this phone. It will be sent when there is signal."
      : `${count} things are kept on this phone. They will be sent when there is signal.`;
    showAlert("data-outbox-state", "status", text);
  }

  function onSubmit(event) {
    const { target: form, submitter } = event;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-outbox")) return;
    if (!self.indexedDB) return; // the browser sends it as a normal form
    // A form the server should answer itself while there is signal (it
    // shows its own mistakes there) is kept only when the phone is offline.
    if (form.getAttribute("data-outbox-when") === "offline" && navigator.onLine) return;
    const kind = form.getAttribute("data-outbox");
    const handler = handlers[kind];
    const data = new FormData(form);
    if (submitter?.name) data.append(submitter.name, submitter.value);
    const fields = [...data].filter(([, value]) => typeof value === "string");
    const answer = handler ? handler.prepare(form, fields, submitter) : {};
    // The handler may find it cannot answer on the phone: then it goes as usual.
    if (!answer) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    const kept = keep(form.getAttribute("action"), fields, kind, form.getAttribute("data-outbox-what"));
    kept.then((item) => {
      handler?.kept?.(item, answer);
      // No "kept on this phone" until a send fails: with signal the card must not jump.
      flush();
    }, () => {
      // No storage at all (a private window may refuse it): a plain form.
      // The handler may have swapped it out of the page already, and a form
      // outside the page is not sent: put it back, out of sight, first.
      form.removeAttribute("data-outbox");
      if (!form.isConnected) document.body.appendChild(form).hidden = true;
      form.submit();
    });
  }

  // on(kind, handler): handler.prepare(form, fields, submitter) shows the
  // answer and returns a truthy value for handler.kept(item, value) once the
  // write is kept, or null to let the form go to the server as usual.
  const on = (kind, handler) => void (handlers[kind] = handler);
  self.SpasmOutbox = { keep, flush, pending, on, SYNC_TAG };
  if (!inPage) return;
  // Registered once the page's other scripts have added theirs, so they see
  // a submit first (the relief flow fills in the time zone).
  document.addEventListener("DOMContentLoaded", () => {
    document.addEventListener("submit", onSubmit, true);
    flush();
  });
  addEventListener("online", flush);
  addEventListener("pageshow", (event) => event.persisted && flush());
  document.addEventListener("visibilitychange", () => document.visibilityState === "visible" && flush());
  navigator.serviceWorker?.addEventListener("message", ({ data }) => {
    if (data?.type === "outbox-answer") tell(data.outcome, data.detail);
    if (data?.type === "outbox-answer" || data?.type === "outbox-sent") showState();
  });
})();
