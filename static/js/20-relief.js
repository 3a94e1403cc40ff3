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
    if (form.hasAttribute("data-safety-check")) relabelSafetyButton(form);
  });

  // "None of these, carry on" only while nothing is ticked.
  function relabelSafetyButton(form) {
    var button = form.querySelector("[data-none-label]");
    if (!button) return;
    var ticked = form.querySelector('input[value="yes"]:checked, input[value="unsure"]:checked');
    button.textContent = button.getAttribute(ticked ? "data-some-label" : "data-none-label");
  }

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
      if (window.location.pathname !== url) history.pushState({ htmx: true }, "", url);
    });
  }

  // Moving on to the next card: starting an episode, the onset.
  var moveOn = {
    prepare: function (form) {
      var then = form.getAttribute("data-then");
      if (!then) return null;
      showCard(form, then);
      return true;
    },
  };
  outbox.on("episode", moveOn);
  outbox.on("onset", moveOn);

  // The most urgent level any answer calls for, from the table the server
  // routes with (spasm/rules/red_flags.py): {order: [...], answers: {question: {answer: level}}}.
  // A checkbox named "yes" answers "yes" to the question in its value; any
  // other checked or chosen field answers its value to the question in its name.
  function routeSafety(form, fields) {
    var table;
    try { table = JSON.parse(form.getAttribute("data-routing")); } catch (e) { return undefined; }
    if (!table || !table.answers || !table.order) return undefined;
    var levels = {};
    fields.forEach(function (pair) {
      var question = pair[0] === "yes" ? pair[1] : pair[0];
      var answer = pair[0] === "yes" ? "yes" : pair[1];
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
