// Heat, cold, contrast and movement timers.
//
// The server's ends_at is the only truth: every tick recomputes ends_at - now,
// so a locked screen, a reload or a lost network never drifts or resets it.
// "now" is the device clock corrected by the server's clock at page load.
// The running timers are mirrored in localStorage so a page opened offline
// (any page with [data-timer-mirror]) can still count down, and every other
// page shows a slim bar under the top bar while heat or cold is on.
(function () {
  "use strict";

  var MIRROR_KEY = "spasm.timers";
  var SKIN = ["heat", "cold", "contrast"];
  var TICK_MS = 250;
  var REMINDER_SHOWN_MS = 2 * 60 * 1000;
  // How long the bar on other pages still says "take it off" after the end.
  var ENDED_SHOWN_MS = 2 * 60 * 1000;
  // A skin timer that ended longer ago than this needs no mention any more.
  var ENDED_KEPT_MS = 10 * 60 * 1000;
  var DONE_BODY = "Take it off now. Let your skin rest before another session.";
  var MOVE_BODY = "Time to change position or take a short walk.";
  // A contrast timer: cold, then a rest with nothing on the skin so that it
  // warms up and can feel again, then heat.
  var SWITCH_BODY = "Take the cold off now. Let your skin warm up before the heat goes on.";
  var HEAT_ON_BODY = "Put the heat on now, wrapped in a towel.";
  var PHASE_NAMES = { cold: "Cold now", rest: "Rest your skin", heat: "Heat now" };

  var offset = 0; // server clock minus device clock, in ms
  var timers = [];
  var aside = []; // mirror entries this page does not follow, kept as they are
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
      }).concat(aside);
      if (entries.length) localStorage.setItem(MIRROR_KEY, JSON.stringify(entries));
      else localStorage.removeItem(MIRROR_KEY);
    } catch (e) { /* storage may be off; the server still has the truth */ }
  }

  function readMirror() {
    try { return JSON.parse(localStorage.getItem(MIRROR_KEY)) || []; } catch (e) { return []; }
  }

  // ---- What a timer shows at a moment ----

  // The rest is not stored: it is what the cold and the heat leave of the
  // whole length, as on the server (none for a timer stored without one).
  function contrastTimes(timer) {
    var coldOff = timer.startedAt + timer.cold;
    return { coldOff: coldOff, heatOn: Math.max(coldOff, timer.endsAt - (timer.heat || 0)) };
  }

  function phaseAt(timer, t) {
    if (timer.kind !== "contrast") return { name: timer.kind, endsAt: timer.endsAt };
    var times = contrastTimes(timer);
    if (t < times.coldOff) return { name: "cold", endsAt: times.coldOff };
    if (t < times.heatOn) return { name: "rest", endsAt: times.heatOn };
    return { name: "heat", endsAt: timer.endsAt };
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
        var from = timer.phase;
        timer.phase = phase.name;
        if (timer.endsAt > t) swapped(timer, from, phase.name);
      }
      show(timer, format(phase.endsAt - t), phase.name);
      if (t >= timer.endsAt) finish(timer);
    });
  }

  // Heat goes on only after the rest. Straight from cold to heat (a timer
  // stored without a rest, or a phone asleep through it) the cold comes off
  // first: the person is told to let the skin warm up before the heat.
  function swapped(timer, from, to) {
    if (to === "rest" || (to === "heat" && from === "cold")) {
      alertPerson(timer, SWITCH_BODY);
      announce("spasm:timer-switch", timer);
    } else if (to === "heat" && from === "rest") {
      alertPerson(timer, HEAT_ON_BODY);
      announce("spasm:timer-heat-on", timer);
    }
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
      if (phaseEl && phase && timer.kind === "contrast") {
        setText(phaseEl, PHASE_NAMES[phase] || "");
        phaseEl.className = "timer-phase timer-phase-" + phase;
        timer.card.querySelectorAll("[data-timer-during]").forEach(function (line) {
          line.hidden = line.getAttribute("data-timer-during") !== phase;
        });
      }
      if (timer.kind === "movement") {
        var note = timer.card.querySelector("[data-timer-done]");
        if (note) note.hidden = !reminding;
      }
    } else if (timer.mirrorLine) {
      setText(timer.mirrorLine.time, text);
    } else if (timer.bar) {
      setText(timer.bar.name, skinName(phase || timer.kind));
      setText(timer.bar.time, text);
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
      panel.querySelectorAll('[data-timer-stop="' + timer.id + '"], [data-push]')
        .forEach(function (el) { el.hidden = true; });
      var after = panel.querySelector("[data-timer-after]");
      if (after) after.hidden = false;
    } else if (timer.mirrorLine) {
      setText(timer.mirrorLine.time, "0:00");
      setText(timer.mirrorLine.note, DONE_BODY);
    } else if (timer.bar) {
      endBar(timer);
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
      // Known from the start, so the first tick is not taken for the swap.
      timer.phase = phaseAt(timer, now()).name;
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

  // ---- The bar on every other page: "Heat · 17:32 left" ----
  //
  // Built from the device's mirror, under the top bar, one line and a link
  // to the timer. Not on the timer page (the countdown is there) nor on the
  // offline page (its own box shows the timers). Without JavaScript the
  // container stays hidden. Its live line says a start and an end out loud;
  // it lives outside the timer panel, so a panel swapped in after a start
  // does not take it away before it is read.

  function skinName(kind) { return kind === "cold" ? "Cold" : kind === "rest" ? "Rest your skin" : "Heat"; }

  function barBox() { return document.querySelector("[data-timer-bar]"); }

  function barParts(bar) {
    if (!bar.spasmParts) {
      var link = document.createElement("a");
      link.className = "timer-bar-link";
      link.href = "/timer";
      link.hidden = true;
      var said = document.createElement("p");
      said.className = "visually-hidden";
      said.setAttribute("role", "status");
      bar.textContent = "";
      bar.appendChild(link);
      bar.appendChild(said);
      bar.spasmParts = { link: link, said: said };
    }
    // Shown even when empty: the live line must be on the page before it speaks.
    bar.hidden = false;
    return bar.spasmParts;
  }

  // Said once by screen readers: cleared first, so the same words twice are heard twice.
  function say(text) {
    var bar = barBox();
    if (!bar) return;
    var said = barParts(bar).said;
    said.textContent = "";
    setTimeout(function () { said.textContent = text; }, 100);
  }

  function hideBar() {
    var bar = barBox();
    if (bar) barParts(bar).link.hidden = true;
  }

  function buildBar(bar) {
    var parts = barParts(bar);
    var link = parts.link;
    link.className = "timer-bar-link";
    link.hidden = true;
    var t = Date.now();
    var found = null;
    readMirror().forEach(function (entry) {
      var ended = entry.endsAt ? t + (entry.offset || 0) - entry.endsAt : null;
      if (isSkin(entry) && ended !== null && ended > ENDED_KEPT_MS) return; // dropped on the next write
      if (!found && isSkin(entry) && ended !== null) found = entry;
      else aside.push(entry);
    });
    if (!found) return [];
    var timer = fromMirror(found, null);
    offset = found.offset || 0;
    timer.phase = phaseAt(timer, now()).name;
    var name = document.createElement("strong");
    var time = document.createElement("span");
    time.className = "timer-bar-time";
    link.textContent = "";
    link.appendChild(name);
    link.appendChild(document.createTextNode(" · "));
    link.appendChild(time);
    link.appendChild(document.createTextNode(" left"));
    link.hidden = false;
    timer.bar = { name: name, time: time, link: link };
    return [timer];
  }

  function endBar(timer) {
    var link = timer.bar.link;
    var text = skinName(timer.kind) + " has ended. Take it off now.";
    var line = document.createElement("span");
    line.className = "timer-bar-text";
    line.textContent = text;
    link.textContent = "";
    link.appendChild(line);
    link.classList.add("is-done");
    say(text);
    setTimeout(function () {
      if (link.isConnected && timers.indexOf(timer) !== -1) link.hidden = true;
    }, ENDED_SHOWN_MS);
  }

  // ---- Just after a start: the countdown in view, the focus on it ----
  //
  // The start button may have been low on a long page, and the panel that
  // replaces it starts at the top: bring the panel into view, put the focus
  // on its heading (as if the timer's page had just opened) and say the start.

  function reveal(panel) {
    var heading = panel.querySelector("h1");
    if (heading) heading.focus({ preventScroll: true });
    panel.scrollIntoView({ block: "start" });
    // Other scripts may still show something at the top of the panel (the
    // read-aloud bar) once a swap settles: scroll again once they have.
    requestAnimationFrame(function () {
      if (panel.isConnected) panel.scrollIntoView({ block: "start" });
    });
  }

  function startedLine(title, ms) {
    var minutes = Math.max(1, Math.round(ms / 60000));
    return title + " started. " + minutes + (minutes === 1 ? " minute." : " minutes.");
  }

  // ---- Timers started on the phone (10-outbox.js keeps the write) ----
  //
  // A start is answered at once: its end is the tap plus the plan the server
  // would make (data-timer-plans, rendered from spasm/rules/timer_bounds.py
  // through the server's own plan_for), kept in localStorage so a reload or
  // a restart of the app still counts down, and sent with the tap's time.
  // The server stays the one truth: a page that shows a running heat, cold or
  // contrast timer from the server shows no timer of the phone's beside it,
  // and once the server has the start (or has answered that another timer
  // runs) the phone's copy is dropped and the server's panel shown instead.

  var LOCAL_KEY = "spasm.timers.local";

  function readLocal() {
    try { return JSON.parse(localStorage.getItem(LOCAL_KEY)) || []; } catch (e) { return []; }
  }

  function writeLocal(entries) {
    try {
      if (entries.length) localStorage.setItem(LOCAL_KEY, JSON.stringify(entries));
      else localStorage.removeItem(LOCAL_KEY);
    } catch (e) { /* storage off: the outbox still sends the start */ }
  }

  function dropLocal(key) {
    writeLocal(readLocal().filter(function (entry) { return entry.key !== key; }));
  }

  // Phone timers still worth showing (a skin timer until 10 minutes after its end).
  function liveLocal() {
    var t = Date.now();
    return readLocal().filter(function (entry) {
      return !entry.stopped && (!entry.endsAt || t - entry.endsAt < 10 * 60 * 1000);
    });
  }

  function iso(ms) { return new Date(ms).toISOString(); }

  function planFor(form, fields) {
    var source = form.closest("[data-timer-plans]");
    var data;
    try { data = JSON.parse(source.getAttribute("data-timer-plans")); } catch (e) { return null; }
    var kind = "", minutes = "";
    fields.forEach(function (pair) {
      if (pair[0] === "kind") kind = pair[1].trim();
      if (pair[0] === "minutes") minutes = pair[1].trim();
    });
    var plans = data.plans[kind];
    var plan = plans && plans[minutes];
    if (!plan) return null;
    return { kind: kind, plan: plan, title: data.titles[kind], sound: data.sound };
  }

  function isSkin(entry) { return SKIN.indexOf(entry.kind) !== -1; }
  function isMovement(entry) { return entry.kind === "movement"; }

  // Fill a card copied from the page's inert template with a phone timer.
  function fillCard(card, entry) {
    card.dataset.timerId = entry.id || "local-" + entry.key;
    card.dataset.kind = entry.kind;
    card.dataset.title = entry.title;
    card.dataset.sound = entry.sound ? "1" : "0";
    card.dataset.startedAt = iso(entry.startedAt);
    setText(card.querySelector("[data-timer-title]"), entry.title);
    card.querySelector("[data-timer-kept]").hidden = !entry.key;
  }

  function movementCard(entry) {
    var source = document.querySelector("template[data-timer-local-movement]");
    if (!source) return null;
    var card = source.content.firstElementChild.cloneNode(true);
    fillCard(card, entry);
    card.dataset.interval = String(entry.interval / 1000);
    setText(card.querySelector("[data-timer-remaining]"), format(entry.interval));
    card.querySelector("[data-timer-local-stop]").setAttribute("data-timer-stop", card.dataset.timerId);
    return card;
  }

  // The running panel for the phone's timers, from the inert copies the page
  // carries: a heat, cold or contrast card, a movement card, or both.
  function localPanel(skin, movement) {
    var source = document.querySelector("template[data-timer-local-card]");
    if (!source) return null;
    var panel = source.content.firstElementChild.cloneNode(true);
    var card = panel.querySelector("[data-timer]");
    var stop = panel.querySelector("[data-timer-local-stop]");
    if (skin) {
      fillCard(card, skin);
      card.classList.add("timer-" + skin.kind);
      card.dataset.endsAt = skin.endsAt ? iso(skin.endsAt) : "";
      if (skin.kind === "contrast") {
        card.dataset.coldPhase = String(skin.cold / 1000);
        card.dataset.heatPhase = String(skin.heat / 1000);
        card.querySelector("[data-timer-phase]").hidden = false;
        var times = contrastTimes(skin);
        card.querySelector("[data-timer-cold-off]").setAttribute("datetime", iso(times.coldOff));
        card.querySelector("[data-timer-heat-on]").setAttribute("datetime", iso(times.heatOn));
      } else {
        card.querySelectorAll("[data-timer-during]").forEach(function (line) { line.remove(); });
      }
      setText(card.querySelector("[data-timer-remaining]"), format(skin.endsAt - Date.now()));
      var end = card.querySelector("time[data-timer-end]");
      end.setAttribute("datetime", card.dataset.endsAt);
      stop.setAttribute("data-timer-stop", card.dataset.timerId);
      stop.querySelector('input[name="kind"]').value = skin.kind;
    }
    if (movement) {
      var moving = movementCard(movement);
      if (!moving) return null;
      if (skin) {
        panel.querySelector(".actions").before(moving);
      } else {
        // Alone, the reminder is the screen: its name is the page's heading.
        var heading = document.createElement("h1");
        heading.id = "movement-title";
        heading.setAttribute("data-timer-title", "");
        heading.setAttribute("tabindex", "-1");
        heading.textContent = movement.title;
        moving.querySelector("h2").replaceWith(heading);
        card.replaceWith(moving);
        stop.remove();
      }
    }
    panel.dataset.serverNow = iso(Date.now());
    return panel;
  }

  function putPanel(panel) {
    var spot = document.getElementById("timer-panel") || document.getElementById("relief-card");
    if (!spot) return false;
    spot.replaceWith(panel);
    if (window.location.pathname !== "/timer") history.pushState({ htmx: true }, "", "/timer");
    document.title = (panel.querySelector("[data-timer-title]").textContent || "Timer") + " · Spasm";
    init();
    return true;
  }

  // A timer the server started, from the device's mirror, as a phone entry.
  function fromMirrorEntry(entry) {
    return {
      key: null, id: entry.id, kind: entry.kind, title: entry.title, sound: entry.sound,
      startedAt: entry.startedAt - (entry.offset || 0), endsAt: entry.endsAt - (entry.offset || 0),
      cold: entry.cold, heat: entry.heat,
    };
  }

  // The phone's movement reminder on a panel of choices, where the server
  // puts its own (timer/_choices.html): the "Remind me to move" option goes.
  function addMovementTo(panel, entry) {
    var card = movementCard(entry);
    if (!card) return false;
    var option = panel.querySelector('form.timer-start input[name="kind"][value="movement"]');
    if (option) (option.form.closest(".timer-option") || option.form).remove();
    var more = panel.querySelector("details.timer-more");
    if (more) more.before(card);
    else panel.appendChild(card);
    return true;
  }

  // On a panel with no running timer of that sort from the server, show the
  // phone's own. On the copy kept for no signal (data-anonymous: it knows
  // nothing of this device), show the server's skin timer from the device's
  // mirror too. True when the panel was replaced.
  function showLocalIn(panel) {
    if (panel.hasAttribute("data-timer-local-panel")) return false;
    var onPanel = function (kind) {
      return Array.prototype.some.call(panel.querySelectorAll("[data-timer]"), function (card) {
        return kind(card.dataset);
      });
    };
    if (onPanel(isSkin)) return false;
    var live = liveLocal();
    var skin = live.filter(isSkin)[0];
    if (!skin && panel.hasAttribute("data-anonymous")) {
      var t = Date.now();
      var mirrored = readMirror().filter(function (e) { return isSkin(e) && e.endsAt && e.endsAt - (e.offset || 0) > t; })[0];
      if (mirrored) skin = fromMirrorEntry(mirrored);
    }
    var movement = onPanel(isMovement) ? null : live.filter(isMovement)[0];
    if (!skin) {
      if (movement) addMovementTo(panel, movement);
      return false;
    }
    var local = localPanel(skin, movement);
    if (!local) return false;
    panel.replaceWith(local);
    return true;
  }

  function startOnPhone(form, fields) {
    var found = planFor(form, fields);
    if (!found) return null;
    var movement = found.kind === "movement";
    var sameSort = movement ? isMovement : isSkin;
    // One timer of each sort at a time: with one already on screen, the server
    // decides. (The bar on other pages is no such card: offline, a start
    // there is still answered by the phone, and the server sorts it out later.)
    if (timers.some(function (t) { return t.card && !t.done && sameSort(t); })) return null;
    var t0 = Date.now();
    var entry = {
      key: null, kind: found.kind, title: found.title, sound: found.sound, startedAt: t0,
      endsAt: movement ? null : t0 + found.plan.seconds * 1000,
      interval: movement ? found.plan.seconds * 1000 : null,
      cold: found.plan.cold ? found.plan.cold * 1000 : null,
      heat: found.plan.heat ? found.plan.heat * 1000 : null,
    };
    var panel = document.getElementById("timer-panel");
    if (movement && panel && !panel.hasAttribute("data-timer-local-panel") && addMovementTo(panel, entry)) {
      panel.spasmTimerReady = false;
      init();
      return { entry: entry, panel: panel };
    }
    // A reminder of the phone's already running stays beside a new heat or cold.
    var other = movement ? null : liveLocal().filter(isMovement)[0];
    panel = movement ? localPanel(null, entry) : localPanel(entry, other);
    if (!panel) return null;
    putPanel(panel);
    reveal(panel);
    if (!movement) say(startedLine(entry.title, entry.endsAt - entry.startedAt));
    return { entry: entry, panel: panel };
  }

  function keptOnPhone(item, started) {
    var entry = started.entry;
    var sameSort = isMovement(entry) ? isMovement : isSkin;
    entry.key = item.id;
    entry.startedAt = Date.parse(item.tappedAt);
    var entries = readLocal().filter(function (e) { return !sameSort(e); });
    entries.push(entry);
    writeLocal(entries);
    var oldId = "local-null";
    var card = started.panel.querySelector('[data-timer-id="' + oldId + '"]');
    if (!card) return;
    var newId = "local-" + item.id;
    card.dataset.timerId = newId;
    card.dataset.startedAt = iso(entry.startedAt);
    card.querySelector("[data-timer-kept]").hidden = false;
    var stop = started.panel.querySelector('[data-timer-stop="' + oldId + '"]');
    if (stop) stop.setAttribute("data-timer-stop", newId);
    timers.forEach(function (t) {
      if (t.id === oldId) { t.id = newId; t.startedAt = entry.startedAt; }
    });
  }

  function stopOnPhone(form) {
    var id = form.getAttribute("data-timer-stop");
    var timer = timers.filter(function (t) { return t.id === id; })[0];
    if (!timer || timer.done) return null;
    timer.done = true;
    timer.stopped = true;
    if (id.indexOf("local-") === 0) {
      var entries = readLocal();
      entries.forEach(function (e) { if ("local-" + e.key === id) e.stopped = true; });
      writeLocal(entries);
    }
    var card = timer.card;
    if (card) {
      var live = card.querySelector("[data-timer-live]");
      if (live) live.hidden = true;
      var reminder = timer.kind === "movement" && card.querySelector("[data-timer-done]");
      if (reminder) reminder.hidden = true;
      var kept = card.querySelector("[data-timer-kept]");
      if (kept) kept.hidden = true;
      var note = document.createElement("p");
      note.className = "notice timer-stopped";
      note.setAttribute("role", "status");
      note.textContent = "Stopped. It will be saved in your history.";
      card.appendChild(note);
    }
    form.hidden = true;
    var after = timer.panel && timer.panel.querySelector("[data-timer-after]");
    if (after && !timers.some(function (t) { return t.card && !t.done; })) after.hidden = false;
    writeMirror();
    updateWakeLock();
    return true;
  }

  // Once the server has answered a start or a stop, its panel is the truth.
  function settledByServer(event) {
    var detail = event.detail;
    if (detail.kind !== "timer-start" && detail.kind !== "timer-stop") return;
    var url = "/timer";
    if (detail.kind === "timer-stop") {
      writeLocal(readLocal().filter(function (e) { return !e.stopped; }));
      // The server then says how long it ran.
      var stopped = /^\/timer\/(\d+)\/stop$/.exec(detail.url);
      if (stopped) url += "?stopped=" + stopped[1];
    } else {
      dropLocal(detail.id);
    }
    var panel = document.getElementById("timer-panel");
    if (panel && window.htmx) window.htmx.ajax("GET", url, { target: "#timer-panel", swap: "outerHTML" });
  }

  if (window.SpasmOutbox) {
    window.SpasmOutbox.on("timer-start", { prepare: startOnPhone, kept: keptOnPhone });
    window.SpasmOutbox.on("timer-stop", { prepare: stopOnPhone });
    document.addEventListener("spasm:outbox-sent", settledByServer);
    document.addEventListener("spasm:outbox-refused", settledByServer);
  }

  // ---- Start-up, and again after every htmx swap ----

  function init(event) {
    var panel = document.querySelector("[data-timer-panel]");
    if (panel && !panel.spasmTimerReady && showLocalIn(panel)) panel = document.querySelector("[data-timer-panel]");
    if (panel && panel.spasmTimerReady) return refresh();
    aside = [];
    if (panel) {
      panel.spasmTimerReady = true;
      var serverNow = Date.parse(panel.dataset.serverNow);
      offset = isNaN(serverNow) ? 0 : serverNow - Date.now();
      timers = Array.prototype.map.call(panel.querySelectorAll("[data-timer]"), function (card) {
        return fromCard(card, panel);
      });
      writeMirror();
      localTimes(panel);
      hideBar();
      // The server marks a timer it started a moment ago (autofocus).
      if (panel.querySelector("h1[autofocus]")) {
        reveal(panel);
        if (startedBySwap(event)) {
          var skin = timers.filter(function (t) { return isSkin(t) && t.endsAt; })[0];
          if (skin) say(startedLine(skin.title, skin.endsAt - skin.startedAt));
        }
      }
    } else {
      var box = document.querySelector("[data-timer-mirror]");
      var bar = barBox();
      if (box) hideBar();
      timers = box ? buildMirror(box) : bar && window.location.pathname !== "/timer" ? buildBar(bar) : [];
    }
    refresh();
  }

  // An htmx start answered by the server (with no storage on the phone, the
  // outbox lets the form go to htmx): the phone has not said the start yet.
  function startedBySwap(event) {
    var config = event && event.detail && event.detail.requestConfig;
    return Boolean(config && config.verb === "post");
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
  // A page kept by the browser (back and forward) may show an old mirror.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) init();
    else refresh();
  });
  document.addEventListener("pointerdown", unlockAudio, true);
})();
