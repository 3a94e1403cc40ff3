// Small helpers for the relief flow's forms and card swaps.
(function () {
  "use strict";

  // A datetime-local value is the person's wall-clock time. The server needs
  // the offset to UTC for that moment (daylight saving may differ from today).
  function fillOffset(form) {
    var offset = form.querySelector("[data-tz-offset]");
    if (!offset) return;
    var picked = form.querySelector('input[type="datetime-local"]');
    var when = picked && picked.value ? new Date(picked.value) : new Date();
    if (isNaN(when.getTime())) when = new Date();
    offset.value = String(when.getTimezoneOffset());
  }

  document.addEventListener("submit", function (event) {
    if (event.target instanceof HTMLFormElement) fillOffset(event.target);
  }, true);
  document.addEventListener("change", function (event) {
    var form = event.target.form;
    if (!form) return;
    fillOffset(form);
    if (form.hasAttribute("data-safety-check")) holdNoneWhileTicked(form);
  });

  // "None of these" cannot be tapped while a sign is ticked: the two would
  // disagree. It stays where it is, so nothing moves under the thumb.
  function holdNoneWhileTicked(form) {
    var none = form.querySelector("[data-check-none]");
    if (none) none.disabled = !!form.querySelector('input[name="sign"]:checked');
  }

  // htmx keeps a copy of the page for Back, without the ticks: it must not
  // keep "None of these" held either.
  document.addEventListener("htmx:beforeHistorySave", function () {
    document.querySelectorAll("[data-check-none]").forEach(function (none) { none.disabled = false; });
  });

  // After a new card is swapped in, move focus to its heading so a screen
  // reader starts reading the new step rather than losing its place.
  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail && event.detail.target;
    if (!target || (target.id !== "relief-card" && target.id !== "start")) return;
    var heading = document.querySelector("#relief-card h1, #start h1");
    if (heading) heading.focus({ preventScroll: true });
  });
})();

// The relief flow's writes go through the outbox (10-outbox.js): the phone
// shows the next card at once, from the service worker's copy when there is
// no signal, and the write follows when it can.
(function () {
  "use strict";

  var outbox = window.SpasmOutbox;
  if (!outbox) return;

  // Swap in the card at `url` where the form's own answer would have gone,
  // and show its address, as htmx does for a link.
  function showCard(form, url) {
    var target = form.getAttribute("hx-target") || "#relief-card";
    if (!window.htmx || !document.querySelector(target)) {
      window.location.assign(url);
      return;
    }
    window.htmx.ajax("GET", url, { target: target, swap: "outerHTML show:window:top" }).then(function () {
      if (window.location.pathname !== url) pushCard(url);
    });
  }

  // Show `url` in the address bar for a card swapped in by hand. htmx did
  // not push it, so its history cache would file this card under the last
  // address it pushed: the card opts out, and going back asks for the page.
  function pushCard(url) {
    var card = document.getElementById("relief-card");
    if (card) card.setAttribute("hx-history", "false");
    history.replaceState({ htmx: true }, "", window.location.href);
    history.pushState({ htmx: true }, "", url);
  }

  // The card at `url` when this page carries it (the home page carries the
  // first one), so it shows with no round trip at all.
  function carriedCard(url) {
    var source = document.querySelector("template[data-first-card]");
    return source && source.getAttribute("data-first-card") === url ? source : null;
  }

  function showCarried(form, source, url) {
    var target = document.querySelector(form.getAttribute("hx-target") || "#relief-card");
    if (!window.htmx || !target) return false;
    window.htmx.swap(target, source.innerHTML, { swapStyle: "outerHTML" });
    pushCard(url);
    var heading = document.getElementById("relief-title");
    if (heading) document.title = heading.textContent + " · Spasm";
    window.scrollTo(0, 0);
    if (heading) heading.focus({ preventScroll: true });
    return true;
  }

  // Moving on to the next card: starting an episode, the onset.
  var moveOn = {
    prepare: function (form) {
      var then = form.getAttribute("data-then");
      if (!then) return null;
      var carried = carriedCard(then);
      if (!carried || !showCarried(form, carried, then)) showCard(form, then);
      return true;
    },
  };
  outbox.on("episode", moveOn);
  outbox.on("onset", moveOn);

  // The most urgent level a screen of the check calls for, from the table the
  // server routes with (spasm/rules/red_flags.py): {order: [...], answers:
  // {question: {answer: level}}}, read as the server reads the form. Each
  // ticked sign ("sign") is answered as the button tapped ("answer") says:
  // "unsure" for Not sure, and for None of these with signs still ticked,
  // else "yes". Yes or Not sure with nothing ticked counts for every sign on
  // the screen; None of these with nothing ticked calls for nothing.
  function routeSafety(form, fields) {
    var table;
    try { table = JSON.parse(form.getAttribute("data-routing")); } catch (e) { return undefined; }
    if (!table || !table.answers || !table.order) return undefined;
    var tapped = "";
    var ticked = [];
    fields.forEach(function (pair) {
      if (pair[0] === "answer") tapped = pair[1];
      else if (pair[0] === "sign") ticked.push(pair[1]);
    });
    var answer = tapped === "unsure" || tapped === "none" ? "unsure" : "yes";
    if (!ticked.length && (tapped === "yes" || tapped === "unsure")) {
      answer = tapped;
      form.querySelectorAll('input[name="sign"]').forEach(function (box) { ticked.push(box.value); });
    }
    var levels = {};
    ticked.forEach(function (question) {
      var level = table.answers[question] && table.answers[question][answer];
      if (level) levels[level] = true;
    });
    for (var i = 0; i < table.order.length; i++) {
      if (levels[table.order[i]]) return table.order[i];
    }
    return null;
  }

  outbox.on("safety-check", {
    prepare: function (form, fields) {
      var level = routeSafety(form, fields);
      if (level === undefined) return null;
      if (level) return { leaveTo: form.getAttribute("data-red-flags") + "#" + level };
      showCard(form, form.getAttribute("data-then"));
      return { leaveTo: null };
    },
    kept: function (item, answer) {
      // Leave only once the answers are safely kept.
      if (answer.leaveTo) window.location.assign(answer.leaveTo);
    },
  });

  // A pain score: "kept" at once, "saved" once the server has it.
  outbox.on("check-in", {
    prepare: function (form, fields) {
      var pain = null;
      fields.forEach(function (pair) { if (pair[0] === "pain") pain = pair[1]; });
      if (pain === null) return null;
      var box = document.createElement("div");
      box.className = "checkin-saved card";
      box.setAttribute("role", "status");
      box.setAttribute("data-checkin-kept", "");
      var lead = document.createElement("p");
      lead.className = "lead";
      var strong = document.createElement("strong");
      strong.textContent = "Kept: " + pain + " out of 10.";
      lead.appendChild(strong);
      var note = document.createElement("p");
      note.textContent = "It is on this phone and will be saved when there is signal.";
      box.appendChild(lead);
      box.appendChild(note);
      form.replaceWith(box);
      return box;
    },
    kept: function (item, box) {
      box.setAttribute("data-checkin-kept", item.id);
    },
  });

  document.addEventListener("spasm:outbox-sent", function (event) {
    if (event.detail.kind !== "check-in") return;
    // As the server's answer to htmx says: a chart of the episode may refresh.
    if (window.htmx) window.htmx.trigger(document.body, "checkin-saved");
    var box = document.querySelector('[data-checkin-kept="' + event.detail.id + '"]');
    if (!box) return;
    var html = event.detail.html || "";
    if (window.htmx && html.indexOf("checkin-saved") !== -1) {
      window.htmx.swap(box, html, { swapStyle: "outerHTML" });
    } else {
      box.lastChild.textContent = "It is saved.";
    }
  });
})();
