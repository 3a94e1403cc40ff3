// A form marked data-outbox="<kind>" is answered on the phone by its kind's
// handler, kept in IndexedDB with an Idempotency-Key (the server does each key
// once: spasm/idempotency.py) and sent oldest first whenever there may be
// signal. A plain script: the service worker loads it too, for Background Sync.
(() => {
  "use strict";
  // Phones already hold queues under these names, in this shape.
  const DB_NAME = "spasm", STORE = "outbox", SYNC_TAG = "spasm-outbox";
  // Tries a write still being saved from another send (409) may hold the queue.
  const MAX_CONFLICTS = 5;
  const inPage = typeof document !== "undefined";
  const handlers = {};
  let opening, flushing, retrying, lastSeq = 0;

  // Opened on first use, and afresh after a failed or lost connection.
  function openDb() {
    if (opening) return opening;
    const forget = () => (opening = null);
    const upgrade = (db) => db.createObjectStore(STORE, { keyPath: "id" });
    opening = self.idb.openDB(DB_NAME, 1, { upgrade, terminated: forget });
    opening.catch(forget);
    return opening;
  }

  // "put" or "delete", resolved once committed.
  const write = async (change, value) => (await openDb())[change](STORE, value);
  const pending = async () => (await (await openDb()).getAll(STORE)).sort((a, b) => a.seq - b.seq);

  // fields: [name, value] pairs; what: the write's name for the person, if refused.
  async function keep(url, fields, kind, what) {
    const seq = (lastSeq = Math.max(Date.now(), lastSeq + 1)); // two taps in 1 ms keep their order
    const body = new URLSearchParams(fields).toString();
    // Without randomUUID (before Safari 15.4) this throws, and the form goes as usual.
    const item = { id: self.crypto.randomUUID(), seq, url, body, tappedAt: new Date().toISOString(), kind, what: what || "" };
    await write("put", item);
    return item;
  }

  async function send(item) {
    const response = await fetch(item.url, {
      method: "POST", body: item.body, credentials: "same-origin", redirect: "manual",
      // Answered with htmx's fragment; both times are the phone's clock.
      headers: {
        "Content-Type": "application/x-www-form-urlencoded", "Idempotency-Key": item.id, "HX-Request": "true",
        "X-Spasm-Tapped-At": item.tappedAt, "X-Spasm-Sent-At": new Date().toISOString(),
      },
    }).catch(() => null);
    const status = response?.status ?? 0;
    if (!response) return { outcome: "later", status };
    if (response.type === "opaqueredirect" || (status >= 200 && status < 400)) {
      return { outcome: "sent", status, html: await response.text() };
    }
    // A 409 without Retry-After cannot change (a timer already ended): the
    // page shows the server's state. With it: wait as asked.
    const retryAfter = response.headers.get("Retry-After");
    if (status === 409 && !retryAfter) return { outcome: "sent", status, html: "" };
    if (status === 409) return { outcome: "later", status, retryIn: Math.min(Math.max(parseInt(retryAfter, 10) || 2, 1), 60) * 1000 };
    if ([408, 425, 429].includes(status) || status >= 500) return { outcome: "later", status };
    return { outcome: "refused", status, html: await response.text() };
  }

  // A write that cannot go yet holds back the rest (a check-in needs its episode).
  async function sendQueue() {
    const items = await pending();
    for (const [index, item] of items.entries()) {
      const left = items.length - index;
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

  // The page and the service worker take turns under one lock, so that a new
  // device never sends its first write twice.
  function flush() {
    if (flushing) return flushing.then(() => flushing || flush());
    const turn = navigator.locks ? navigator.locks.request(SYNC_TAG, sendQueue) : sendQueue();
    flushing = turn.catch(() => ({ left: -1 })).then((state) => {
      flushing = null;
      showState();
      if (state.left && state.status === 409) {
        clearTimeout(retrying);
        retrying = setTimeout(flush, state.retryIn);
      } else if (state.left && inPage && navigator.serviceWorker?.controller) {
        // No signal: the browser may send it, even closed (the page sends too).
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
    const what = detail?.what || "Something kept on this phone";
    if (outcome === "refused") showAlert("data-outbox-refused", "alert", `${what} could not be saved. Please enter it again.`);
  }

  function showAlert(attribute, role, text) {
    const alerts = document.getElementById("alerts");
    if (alerts && !alerts.querySelector(`[${attribute}]`)) {
      alerts.insertAdjacentHTML("beforeend", `<div class="alert alert-kept" ${attribute}><p></p></div>`);
    }
    const box = alerts?.querySelector(`[${attribute}]`);
    box?.setAttribute("role", role);
    // A status is not read out again unless it changed.
    if (box && (role === "alert" || box.firstChild.textContent !== text)) box.firstChild.textContent = text;
  }

  async function showState() {
    const count = inPage && (await pending().catch(() => null))?.length;
    if (count === 0) document.querySelector("[data-outbox-state]")?.remove();
    if (count) {
      const things = count === 1 ? "1 thing is kept on this phone. It" : `${count} things are kept on this phone. They`;
      showAlert("data-outbox-state", "status", `${things} will be sent when there is signal.`);
    }
  }

  function onSubmit(event) {
    const { target: form, submitter } = event;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-outbox") || !self.indexedDB) return;
    // Answered by the server while there is signal (it shows its own mistakes).
    if (form.getAttribute("data-outbox-when") === "offline" && navigator.onLine) return;
    const kind = form.getAttribute("data-outbox");
    const data = new FormData(form);
    if (submitter?.name) data.append(submitter.name, submitter.value);
    const fields = [...data].filter(([, value]) => typeof value === "string");
    const answer = handlers[kind] ? handlers[kind].prepare(form, fields, submitter) : {};
    if (!answer) return; // the handler cannot answer on the phone: it goes as usual
    event.preventDefault();
    event.stopImmediatePropagation();
    keep(form.getAttribute("action"), fields, kind, form.getAttribute("data-outbox-what")).then((item) => {
      handlers[kind]?.kept?.(item, answer);
      flush(); // "kept on this phone" only once a send fails: with signal the card must not jump
    }, () => {
      // No storage: a plain form, put back out of sight if the handler took it away.
      form.removeAttribute("data-outbox");
      if (!form.isConnected) document.body.appendChild(form).hidden = true;
      form.submit();
    });
  }

  // on(kind, {prepare, kept}): prepare(form, fields, submitter) shows the answer
  // and returns what kept(item, answer) gets, or null to let the form go as usual.
  const on = (kind, handler) => void (handlers[kind] = handler);
  self.SpasmOutbox = { keep, flush, pending, on, SYNC_TAG };
  if (!inPage) return;
  // After the modules' own listeners, so they see a submit first (the time zone).
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
