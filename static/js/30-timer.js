// Heat, cold, contrast and movement timers.
//
// The server's ends_at is the only truth: every tick recomputes ends_at - now,
// so a locked screen, a reload or a lost network never drifts or resets it.
// "now" is the device clock corrected by the server's clock at page load.
// The running timers are mirrored in localStorage so a page opened offline
// (any page with [data-timer-mirror]) can still count down.
(function () {
  "use strict";

  var MIRROR_KEY = "spasm.timers";
  var TICK_MS = 250;
  var REMINDER_SHOWN_MS = 2 * 60 * 1000;
  var DONE_BODY = "Take it off now. Let your skin rest before another session.";
  var MOVE_BODY = "Time to change position or take a short walk.";
  var SWITCH_BODY = "Swap to heat now.";

  var offset = 0; // server clock minus device clock, in ms
  var timers = [];
  var ticking = null;
  var lock = null;
  var lockPending = false;
  var audio = null;

  function now() { return Date.now() + offset; }

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  function format(ms) {
    var total = Math.max(0, Math.ceil(ms / 1000));
    var hours = Math.floor(total / 3600);
    var minutes = Math.floor((total % 3600) / 60);
    var seconds = total % 60;
    return (hours ? hours + ":" + pad(minutes) : String(minutes)) + ":" + pad(seconds);
  }

  function setText(el, text) {
    if (el && el.textContent !== text) el.textContent = text;
  }

  // ---- Reading timers from the page, or from the device mirror ----

  function fromCard(card, panel) {
    var d = card.dataset;
    var timer = {
      id: d.timerId,
      kind: d.kind,
      title: d.title,
      startedAt: Date.parse(d.startedAt),
      endsAt: d.endsAt ? Date.parse(d.endsAt) : null,
      interval: d.interval ? Number(d.interval) * 1000 : null,
      cold: d.coldPhase ? Number(d.coldPhase) * 1000 : null,
      heat: d.heatPhase ? Number(d.heatPhase) * 1000 : null,
      sound: d.sound !== "0",
      card: card,
      panel: panel,
    };
    timer.reminders = reminderCount(timer, now());
    timer.phase = phaseAt(timer, now()).name;
    return timer;
  }

  function fromMirror(entry, box) {
    return {
      id: entry.id, kind: entry.kind, title: entry.title,
      startedAt: entry.startedAt, endsAt: entry.endsAt, interval: entry.interval,
      cold: entry.cold, heat: entry.heat, sound: entry.sound,
      mirrorBox: box,
      reminders: 0, phase: null,
    };
  }

  function writeMirror() {
    try {
      var entries = timers.filter(function (t) { return !t.done; }).map(function (t) {
        return {
          id: t.id, kind: t.kind, title: t.title, startedAt: t.startedAt, endsAt: t.endsAt,
          interval: t.interval, cold: t.cold, heat: t.heat, sound: t.sound, offset: offset,
        };
      });
      if (entries.length) localStorage.setItem(MIRROR_KEY, JSON.stringify(entries));
      else localStorage.removeItem(MIRROR_KEY);
    } catch (e) { /* storage may be off; the server still has the truth */ }
  }

  function readMirror() {
    try { return JSON.parse(localStorage.getItem(MIRROR_KEY)) || []; } catch (e) { return []; }
  }

  // ---- What a timer shows at a moment ----

  function phaseAt(timer, t) {
    if (timer.kind !== "contrast") return { name: timer.kind, endsAt: timer.endsAt };
    var switchAt = timer.startedAt + timer.cold;
    return t < switchAt ? { name: "cold", endsAt: switchAt } : { name: "heat", endsAt: timer.endsAt };
  }

  function reminderCount(timer, t) {
    if (timer.kind !== "movement" || !timer.interval) return 0;
    return Math.max(0, Math.floor((t - timer.startedAt) / timer.interval));
  }

  function tick() {
    var t = now();
    timers.forEach(function (timer) {
      if (timer.done) return;
      if (timer.kind === "movement") return tickMovement(timer, t);
      var phase = phaseAt(timer, t);
      if (timer.kind === "contrast" && phase.name !== timer.phase) {
        timer.phase = phase.name;
        if (phase.name === "heat" && timer.endsAt > t) {
          alertPerson(timer, SWITCH_BODY);
          announce("spasm:timer-switch", timer);
        }
      }
      show(timer, format(phase.endsAt - t), phase.name);
      if (t >= timer.endsAt) finish(timer);
    });
  }

  function tickMovement(timer, t) {
    var count = reminderCount(timer, t);
    if (count > timer.reminders) {
      timer.reminders = count;
      alertPerson(timer, MOVE_BODY);
      announce("spasm:timer-reminder", timer);
    }
    var sinceLast = (t - timer.startedAt) % timer.interval;
    var next = timer.interval - sinceLast;
    show(timer, format(next), null, count > 0 && sinceLast < REMINDER_SHOWN_MS);
  }

  function show(timer, text, phase, reminding) {
    if (timer.card) {
      setText(timer.card.querySelector("[data-timer-remaining]"), text);
      var phaseEl = timer.card.querySelector("[data-timer-phase]");
      if (phaseEl && phase) {
        setText(phaseEl, phase === "cold" ? "Cold now" : "Heat now");
        phaseEl.className = "timer-phase timer-phase-" + phase;
        var switchEl = timer.card.querySelector("[data-timer-switch]");
        if (switchEl) switchEl.hidden = phase !== "cold";
      }
      if (timer.kind === "movement") {
        var note = timer.card.querySelector("[data-timer-done]");
        if (note) note.hidden = !reminding;
      }
    } else if (timer.mirrorLine) {
      setText(timer.mirrorLine.time, text);
    }
  }

  function finish(timer) {
    timer.done = true;
    if (timer.card) {
      var card = timer.card;
      card.classList.add("is-done");
      card.querySelector("[data-timer-live]").hidden = true;
      card.querySelector("[data-timer-done]").hidden = false;
      var panel = timer.panel;
      panel.querySelectorAll('[data-timer-stop="' + timer.id + '"], [data-timer-notify], [data-timer-notify-status]')
        .forEach(function (el) { el.hidden = true; });
      var after = panel.querySelector("[data-timer-after]");
      if (after) after.hidden = false;
    } else if (timer.mirrorLine) {
      setText(timer.mirrorLine.time, "0:00");
      setText(timer.mirrorLine.note, DONE_BODY);
    }
    alertPerson(timer, DONE_BODY);
    announce("spasm:timer-done", timer);
    writeMirror();
    updateWakeLock();
  }

  // ---- The end alert: sound, vibration, notification ----

  function audioContext() {
    var Context = window.AudioContext || window.webkitAudioContext;
    if (!Context) return null;
    if (!audio) audio = new Context();
    if (audio.state === "suspended" && audio.resume) audio.resume().catch(function () {});
    return audio;
  }

  // Browsers only let a page make sound after a tap on it, so any tap while a
  // timer is on screen readies the sound for later.
  function unlockAudio() {
    if (timers.length || document.querySelector("[data-timer-panel]")) {
      try { audioContext(); } catch (e) { /* no sound on this device */ }
    }
  }

  function beep() {
    try {
      var ctx = audioContext();
      if (!ctx) return;
      [0, 0.4, 0.8].forEach(function (at) {
        var start = ctx.currentTime + at;
        var osc = ctx.createOscillator();
        var gain = ctx.createGain();
        osc.type = "sine";
        osc.frequency.value = 880;
        gain.gain.setValueAtTime(0.0001, start);
        gain.gain.exponentialRampToValueAtTime(0.4, start + 0.02);
        gain.gain.exponentialRampToValueAtTime(0.0001, start + 0.3);
        osc.connect(gain);
        gain.connect(ctx.destination);
        osc.start(start);
        osc.stop(start + 0.32);
      });
    } catch (e) { /* no sound on this device */ }
  }

  function vibrate() {
    try {
      if (typeof navigator.vibrate === "function") navigator.vibrate([400, 200, 400, 200, 400]);
    } catch (e) { /* not supported */ }
  }

  function notify(title, body) {
    if (!("Notification" in window) || Notification.permission !== "granted") return;
    var options = { body: body, tag: "spasm-timer" };
    try {
      new Notification(title, options);
    } catch (e) {
      // Android only allows notifications through the service worker.
      if (navigator.serviceWorker) {
        navigator.serviceWorker.getRegistration().then(function (registration) {
          if (registration) registration.showNotification(title, options);
        }).catch(function () {});
      }
    }
  }

  // Other scripts (read aloud) follow the timer through these events.
  function announce(name, timer) {
    document.dispatchEvent(new CustomEvent(name, { detail: { id: timer.id, kind: timer.kind } }));
  }

  function alertPerson(timer, body) {
    if (timer.sound) beep();
    vibrate();
    notify(timer.title || "Timer", body);
  }

  // Permission is only ever asked from a tap on "Notify me when done".
  function setupNotify(panel) {
    var button = panel.querySelector("[data-timer-notify]");
    var status = panel.querySelector("[data-timer-notify-status]");
    if (!button || !("Notification" in window)) return;
    if (Notification.permission === "default") button.hidden = false;
    if (Notification.permission === "granted" && status) {
      status.textContent = "You will get a notification when it is done.";
      status.hidden = false;
    }
  }

  function askToNotify(event) {
    var button = event.target.closest && event.target.closest("[data-timer-notify]");
    if (!button || !("Notification" in window)) return;
    var status = button.parentNode.querySelector("[data-timer-notify-status]");
    Promise.resolve(Notification.requestPermission()).then(function (answer) {
      button.hidden = true;
      if (status) {
        status.textContent = answer === "granted"
          ? "You will get a notification when it is done."
          : "Notifications are off. Keep this screen open.";
        status.hidden = false;
      }
    });
  }

  // ---- Keeping the screen awake while a timer runs ----

  function wantsLock() {
    return document.visibilityState === "visible" && timers.some(function (t) { return t.card && !t.done; });
  }

  function updateWakeLock() {
    if (!navigator.wakeLock) return;
    if (wantsLock()) {
      if ((lock && !lock.released) || lockPending) return;
      lockPending = true;
      navigator.wakeLock.request("screen").then(function (sentinel) {
        lockPending = false;
        lock = sentinel;
        sentinel.addEventListener("release", function () { if (lock === sentinel) lock = null; });
        // The timer may have ended while the request was on its way.
        if (!wantsLock()) updateWakeLock();
      }).catch(function () { lockPending = false; });
    } else if (lock) {
      var held = lock;
      lock = null;
      if (!held.released) held.release().catch(function () {});
    }
  }

  // ---- Times shown as clock times: the device's own zone ----

  function localTimes(root) {
    root.querySelectorAll("time[data-local-time]").forEach(function (el) {
      var when = new Date(el.getAttribute("datetime"));
      if (!isNaN(when)) setText(el, when.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" }));
    });
  }

  // ---- The mirror on other pages ----

  function buildMirror(box) {
    var entries = readMirror();
    box.textContent = "";
    var list = [];
    entries.forEach(function (entry) {
      // A skin timer that ended long ago needs no mention any more.
      if (entry.endsAt && Date.now() + (entry.offset || 0) - entry.endsAt > 10 * 60 * 1000) return;
      var timer = fromMirror(entry, box);
      var line = document.createElement("p");
      line.className = "timer-mirror-line";
      var name = document.createElement("strong");
      name.textContent = entry.title || "Timer";
      var time = document.createElement("span");
      time.className = "timer-mirror-time";
      var note = document.createElement("span");
      note.className = "timer-mirror-note";
      note.textContent = entry.kind === "movement" ? " until the next reminder" : " left";
      line.appendChild(name);
      line.appendChild(document.createTextNode(" "));
      line.appendChild(time);
      line.appendChild(note);
      box.appendChild(line);
      timer.mirrorLine = { time: time, note: note };
      timer.reminders = reminderCount(timer, Date.now() + (entry.offset || 0));
      offset = entry.offset || 0;
      list.push(timer);
    });
    if (list.length) {
      var link = document.createElement("a");
      link.href = "/timer";
      link.textContent = "Open the timer";
      box.appendChild(link);
    }
    box.hidden = !list.length;
    box.classList.add("timer-mirror");
    return list;
  }

  // ---- Start-up, and again after every htmx swap ----

  function init() {
    var panel = document.querySelector("[data-timer-panel]");
    if (panel) {
      if (panel.spasmTimerReady) return refresh();
      panel.spasmTimerReady = true;
      var serverNow = Date.parse(panel.dataset.serverNow);
      offset = isNaN(serverNow) ? 0 : serverNow - Date.now();
      timers = Array.prototype.map.call(panel.querySelectorAll("[data-timer]"), function (card) {
        return fromCard(card, panel);
      });
      writeMirror();
      localTimes(panel);
      setupNotify(panel);
    } else {
      var box = document.querySelector("[data-timer-mirror]");
      timers = box ? buildMirror(box) : [];
    }
    refresh();
  }

  function refresh() {
    if (timers.length && !ticking) ticking = setInterval(tick, TICK_MS);
    if (!timers.length && ticking) { clearInterval(ticking); ticking = null; }
    tick();
    updateWakeLock();
  }

  document.addEventListener("DOMContentLoaded", init);
  document.addEventListener("htmx:afterSettle", init);
  document.addEventListener("visibilitychange", refresh);
  window.addEventListener("pageshow", refresh);
  document.addEventListener("pointerdown", unlockAudio, true);
  document.addEventListener("click", askToNotify);
})();
