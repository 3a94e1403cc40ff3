// Recovery log: show times in the phone's own time zone (the server only
// knows UTC), and a Print button on the clinician summary.
(function () {
  "use strict";

  var format;

  // Made on first use: loading the locale's date data is the slowest thing
  // a page start would do, and most pages show no times.
  function dateFormat() {
    if (format === undefined) {
      try {
        format = new Intl.DateTimeFormat(undefined, {
          day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit"
        });
      } catch (error) { format = null; /* very old browser: keep the UTC text */ }
    }
    return format;
  }

  function localiseTimes(root) {
    var times = root.querySelectorAll("time[data-local]");
    if (!times.length || !dateFormat()) return;
    times.forEach(function (element) {
      var when = new Date(element.getAttribute("datetime"));
      if (isNaN(when.getTime())) return;
      element.textContent = format.format(when);
      element.removeAttribute("data-local");
    });
  }

  function enablePrint(root) {
    root.querySelectorAll("[data-print]").forEach(function (button) {
      if (button.dataset.printReady) return;
      button.dataset.printReady = "1";
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  }

  function init(root) {
    localiseTimes(root);
    enablePrint(root);
  }

  document.addEventListener("DOMContentLoaded", function () { init(document); });
  document.addEventListener("htmx:load", function (event) { init(event.target); });
})();

// A note or a medicine goes through the outbox (10-outbox.js): it is shown
// on the episode at once, marked as kept on this phone, and the server's
// list replaces it once the note is saved.
(function () {
  "use strict";

  var outbox = window.SpasmOutbox;
  if (!outbox) return;

  var KEPT = "Kept on this phone. It will be sent when there is signal.";

  outbox.on("note", {
    prepare: function (form, fields) {
      var kind = "", body = "";
      fields.forEach(function (pair) {
        if (pair[0] === "kind") kind = pair[1];
        if (pair[0] === "body") body = pair[1].trim();
      });
      // Something to correct: the server says what, as it does without the outbox.
      if (!body || (kind !== "note" && kind !== "medicine")) return null;
      var section = form.closest("section.notes");
      if (!section) return null;
      var list = section.querySelector(".note-list");
      if (!list) {
        list = document.createElement("ul");
        list.className = "note-list";
        var empty = section.querySelector("h2 + p.muted");
        if (empty) empty.replaceWith(list);
        else section.querySelector("h2").after(list);
      }
      var item = document.createElement("li");
      item.className = "note note-" + kind + " note-kept";
      item.setAttribute("data-note-kept", "");
      var meta = document.createElement("span");
      meta.className = "note-meta muted";
      meta.textContent = (kind === "medicine" ? "Medicine" : "Note") + ", just now";
      var text = document.createElement("span");
      text.className = "note-body";
      text.textContent = body;
      item.appendChild(meta);
      item.appendChild(document.createTextNode(" "));
      item.appendChild(text);
      list.appendChild(item);
      var status = section.querySelector("[data-note-status]");
      if (!status) {
        status = document.createElement("p");
        status.className = "notice";
        status.setAttribute("role", "status");
        status.setAttribute("data-note-status", "");
        section.querySelector("details").before(status);
      }
      status.textContent = KEPT;
      form.reset();
      return item;
    },
    kept: function (item, shown) {
      shown.setAttribute("data-note-kept", item.id);
    },
  });

  // Saved: the server's own list (with "Saved.") takes the place of the
  // section; notes still waiting to be sent stay shown below it.
  document.addEventListener("spasm:outbox-sent", function (event) {
    if (event.detail.kind !== "note") return;
    var html = event.detail.html || "";
    var shown = document.querySelector('[data-note-kept="' + event.detail.id + '"]');
    var named = /id="(notes-\d+)"/.exec(html);
    var section = shown ? shown.closest("section.notes") : named && document.getElementById(named[1]);
    if (!section) return;
    if (window.htmx && named && named[1] === section.id) {
      var waiting = Array.prototype.filter.call(section.querySelectorAll("[data-note-kept]"), function (item) {
        return item !== shown;
      });
      window.htmx.swap(section, html, { swapStyle: "outerHTML" });
      var list = document.querySelector("#" + named[1] + " .note-list");
      if (list) waiting.forEach(function (item) { list.appendChild(item); });
    } else if (shown) {
      shown.removeAttribute("data-note-kept");
      shown.classList.remove("note-kept");
      var status = section.querySelector("[data-note-status]");
      if (status) status.textContent = "Saved.";
    }
  });
})();
