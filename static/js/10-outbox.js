// The outbox: writes answered by the phone at once, kept until the server has them.
//
// A form marked data-outbox="<kind>" is not sent by the browser or htmx. Its
// fields are kept in IndexedDB with an Idempotency-Key (a random UUID) and the
// time of the tap; the handler registered for its kind shows the answer at
// once (the next card, the running timer, "kept on this phone"); then the
// queue is sent, oldest first: at once, and again when the signal returns,
// when the app is opened or comes back to the front, and by Background Sync
// where the browser has it. The server does each key once
// (spasm/idempotency.py), so a write sent twice is still one write.
//
// The service worker loads this file too, for Background Sync: everything
// that touches the page is guarded.
(function (root) {
  "use strict";

  var DB_NAME = "spasm";
  var STORE = "outbox";
  var SYNC_TAG = "spasm-outbox";
  // A write answered "still being saved, try again later" (409 with
  // Retry-After) holds the queue for this many tries at most. Then it is
  // given up: the person is told, and the writes behind it are sent. The
  // server itself answers such a key for good once its lease has run out
  // (spasm/idempotency.py), sooner than these tries take.
  var MAX_CONFLICTS = 5;
  // Bounds on the wait a Retry-After asks for, in seconds.
  var MIN_WAIT = 1;
  var MAX_WAIT = 60;
  var inPage = typeof document !== "undefined";
  var handlers = {};
  var opening = null;
  var flushing = null;
  var retrying = null;

  // ---- The queue, in IndexedDB ----

  function openDb() {
    if (opening) return opening;
    opening = new Promise(function (resolve, reject) {
      var request = indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = function () {
        request.result.createObjectStore(STORE, { keyPath: "id" });
      };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { opening = null; reject(request.error); };
    });
    return opening;
  }

  function run(mode, work) {
    return openDb().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(STORE, mode);
        var result = work(tx.objectStore(STORE));
        tx.oncomplete = function () { resolve(result && "result" in result ? result.result : undefined); };
        tx.onerror = function () { reject(tx.error); };
        tx.onabort = function () { reject(tx.error); };
      });
    });
  }

  function pending() {
    return run("readonly", function (store) { return store.getAll(); }).then(function (items) {
      return (items || []).sort(function (a, b) { return a.seq - b.seq; });
    });
  }

  function remove(id) {
    return run("readwrite", function (store) { store.delete(id); });
  }

  // Counts one "try later" on a kept write and notes when to try it next.
  // Resolves true once it has had all its tries (and is no longer kept).
  function postpone(item, waitMs) {
    item.conflicts = (item.conflicts || 0) + 1;
    item.retryAt = Date.now() + waitMs;
    if (item.conflicts >= MAX_CONFLICTS) return remove(item.id).then(function () { return true; });
    return run("readwrite", function (store) { store.put(item); }).then(function () { return false; });
  }

  function newKey() {
    if (root.crypto && root.crypto.randomUUID) return root.crypto.randomUUID();
    var bytes = root.crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return (b + 0x100).toString(16).slice(1); }).join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
  }

  var lastSeq = 0;

  // Keep one write: url, its fields as [name, value] pairs, what it is, and
  // (optionally) how to name it to the person if the server refuses it.
  function keep(url, fields, kind, what) {
    var seq = Math.max(Date.now(), lastSeq + 1);
    lastSeq = seq;
    var item = {
      id: newKey(),
      seq: seq,
      url: url,
      body: new URLSearchParams(fields).toString(),
      tappedAt: new Date().toISOString(),
      kind: kind,
      what: what || "",
    };
    return run("readwrite", function (store) { store.put(item); }).then(function () { return item; });
  }

  // ---- Sending ----

  // The wait a Retry-After asks for, within bounds, in milliseconds (a date
  // or anything unreadable counts as 2 seconds).
  function waitAsked(response) {
    var seconds = parseInt(response.headers.get("Retry-After"), 10);
    if (isNaN(seconds)) seconds = 2;
    return Math.min(Math.max(seconds, MIN_WAIT), MAX_WAIT) * 1000;
  }

  function send(item) {
    return fetch(item.url, {
      method: "POST",
      body: item.body,
      credentials: "same-origin",
      redirect: "manual",
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        "Idempotency-Key": item.id,
        "X-Spasm-Tapped-At": item.tappedAt,
        // The same clock now: the server measures the wait, not the clock.
        "X-Spasm-Sent-At": new Date().toISOString(),
        // The answer is the small fragment htmx would have asked for.
        "HX-Request": "true",
      },
    }).then(function (response) {
      var status = response.status;
      // A followed redirect is "opaqueredirect" with status 0: the write was done.
      if (response.type === "opaqueredirect" || (status >= 200 && status < 400)) {
        return response.text().then(function (html) { return { outcome: "sent", status: status, html: html }; });
      }
      // Answered: the write met something it cannot change (a timer already
      // ended, another one running). The page shows the server's state.
      if (status === 409 && !response.headers.get("Retry-After")) {
        return { outcome: "sent", status: status, html: "" };
      }
      // Still being saved from another send: try again when the server says.
      if (status === 409) return { outcome: "later", status: status, retryIn: waitAsked(response) };
      // Too busy, or a fault on the server: try again later.
      if (status === 408 || status === 425 || status === 429 || status >= 500) {
        return { outcome: "later", status: status };
      }
      return response.text().then(function (html) { return { outcome: "refused", status: status, html: html }; });
    }, function () {
      return { outcome: "later", status: 0 };
    });
  }

  // Send everything kept, in order. A write that cannot go yet holds back the
  // ones after it (a check-in needs the episode started before it), but one
  // that keeps being put off is given up after MAX_CONFLICTS tries.
  // The page and the service worker (Background Sync) may both send the
  // queue when the signal returns. They take turns under one lock, and each
  // reads the queue afresh inside it: a device with no profile yet must not
  // send its first write twice at once, which would make two profiles.
  function oneAtATime(work) {
    var locks = root.navigator && root.navigator.locks;
    return locks && locks.request ? locks.request(SYNC_TAG, work) : work();
  }

  function flush() {
    if (flushing) return flushing.then(function () { return flushing || flush(); });
    flushing = oneAtATime(function () {
      return pending().then(function (items) {
        var index = 0;
        function next() {
          if (index >= items.length) return { left: 0 };
          var item = items[index++];
          var left = items.length - index + 1;
          // Put off by the server a moment ago: not before the time it asked.
          var waiting = (item.retryAt || 0) - Date.now();
          if (waiting > 0) return { left: left, status: 409, retryIn: waiting };
          return send(item).then(function (result) {
            if (result.outcome === "later" && result.status === 409) {
              return postpone(item, result.retryIn).then(function (givenUp) {
                if (!givenUp) return { left: left, status: 409, retryIn: result.retryIn };
                announce("refused", item, { status: result.status, html: "" });
                return next();
              });
            }
            if (result.outcome === "later") return { left: left, status: result.status };
            return remove(item.id).then(function () {
              announce(result.outcome, item, result);
              return next();
            });
          });
        }
        return next();
      });
    }).catch(function () {
      return { left: -1 };
    }).then(function (state) {
      flushing = null;
      showState();
      if (state.left) {
        // Still being saved from another send: look again when the server
        // said (one timer, however often it was said). No signal: let the
        // browser send it when the signal returns, even if closed.
        if (state.status === 409) {
          clearTimeout(retrying);
          retrying = setTimeout(flush, state.retryIn);
        } else {
          askForSync();
        }
      }
      return state;
    });
    return flushing;
  }

  function askForSync() {
    if (!inPage || !navigator.serviceWorker || !navigator.serviceWorker.controller) return;
    navigator.serviceWorker.ready.then(function (registration) {
      if (registration.sync) return registration.sync.register(SYNC_TAG);
    }).catch(function () { /* Background Sync is a bonus; the page sends too */ });
  }

  // ---- What the person sees ----

  function announce(outcome, item, result) {
    var detail = {
      id: item.id, kind: item.kind, url: item.url, what: item.what || "", status: result.status, html: result.html,
    };
    if (!inPage) {
      // Sent by the service worker: the open pages hear of it as if they had sent it.
      root.clients.matchAll({ type: "window" }).then(function (windows) {
        windows.forEach(function (client) {
          client.postMessage({ type: "outbox-answer", outcome: outcome, detail: detail });
        });
      });
      return;
    }
    document.dispatchEvent(new CustomEvent("spasm:outbox-" + outcome, { detail: detail }));
    if (outcome === "refused") showRefused(detail);
  }

  function alertBox(attribute) {
    var alerts = document.getElementById("alerts");
    if (!alerts) return null;
    var box = alerts.querySelector("[" + attribute + "]");
    if (!box) {
      box = document.createElement("div");
      box.className = "alert alert-kept";
      box.setAttribute(attribute, "");
      box.appendChild(document.createElement("p"));
      alerts.appendChild(box);
    }
    return box;
  }

  function showState() {
    if (!inPage) return;
    pending().then(function (items) {
      var box = document.querySelector("[data-outbox-state]");
      if (!items.length) {
        if (box) box.remove();
        return;
      }
      box = alertBox("data-outbox-state");
      if (!box) return;
      box.setAttribute("role", "status");
      var text = items.length === 1
        ? "1 thing is kept on this phone. It will be sent when there is signal."
        : items.length + " things are kept on this phone. They will be sent when there is signal.";
      if (box.firstChild.textContent !== text) box.firstChild.textContent = text;
    }).catch(function () {});
  }

  // Named when the form said what it is (data-outbox-what).
  function showRefused(detail) {
    var box = alertBox("data-outbox-refused");
    if (!box) return;
    box.setAttribute("role", "alert");
    var what = detail && detail.what ? detail.what : "Something kept on this phone";
    box.firstChild.textContent = what + " could not be saved. Please enter it again.";
  }

  // ---- Forms ----

  function fieldsOf(form, submitter) {
    var data = new FormData(form);
    if (submitter && submitter.name) data.append(submitter.name, submitter.value);
    var fields = [];
    data.forEach(function (value, name) {
      if (typeof value === "string") fields.push([name, value]);
    });
    return fields;
  }

  function onSubmit(event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-outbox")) return;
    if (!root.indexedDB) return; // the browser sends it as a normal form
    // A form the server should answer itself while there is signal (it
    // shows its own mistakes there) is kept only when the phone is offline.
    if (form.getAttribute("data-outbox-when") === "offline" && navigator.onLine) return;
    var kind = form.getAttribute("data-outbox");
    var handler = handlers[kind];
    var fields = fieldsOf(form, event.submitter);
    var answer = handler ? handler.prepare(form, fields, event.submitter) : {};
    // The handler may find it cannot answer on the phone: then it goes as usual.
    if (!answer) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    var url = form.getAttribute("action");
    keep(url, fields, kind, form.getAttribute("data-outbox-what")).then(function (item) {
      if (handler && handler.kept) handler.kept(item, answer);
      // "Kept on this phone" only once a send has failed (flush says so):
      // with a signal the write goes at once, and the card must not jump.
      flush();
    }, function () {
      // No storage at all (a private window may refuse it): send as a plain form.
      form.removeAttribute("data-outbox");
      form.submit();
    });
  }

  // handler.prepare(form, fields, submitter): shows the answer and returns a
  // truthy value passed on to handler.kept(item, value) once the write is kept;
  // returns null to let the form go to the server as usual.
  function on(kind, handler) {
    handlers[kind] = handler;
  }

  var api = { keep: keep, flush: flush, pending: pending, on: on, SYNC_TAG: SYNC_TAG };
  root.SpasmOutbox = api;

  if (!inPage) return;
  // Registered once the page's other scripts have added theirs, so they see
  // a submit first (20-relief.js fills in the time zone).
  document.addEventListener("DOMContentLoaded", function () {
    document.addEventListener("submit", onSubmit, true);
    flush();
  });
  window.addEventListener("online", flush);
  window.addEventListener("pageshow", function (event) { if (event.persisted) flush(); });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") flush();
  });
  if (navigator.serviceWorker) {
    navigator.serviceWorker.addEventListener("message", function (event) {
      var data = event.data || {};
      if (data.type === "outbox-answer") {
        document.dispatchEvent(new CustomEvent("spasm:outbox-" + data.outcome, { detail: data.detail }));
        if (data.outcome === "refused") showRefused(data.detail);
      }
      if (data.type === "outbox-answer" || data.type === "outbox-sent") showState();
    });
  }
})(typeof self !== "undefined" ? self : this);
