// Recovery log: show times in the phone's own time zone (the server only
// knows UTC), and a Print button on the clinician summary.
(function () {
  "use strict";

  var format = null;
  try {
    format = new Intl.DateTimeFormat(undefined, {
      day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit"
    });
  } catch (error) { /* very old browser: keep the UTC text */ }

  function localiseTimes(root) {
    if (!format) return;
    root.querySelectorAll("time[data-local]").forEach(function (element) {
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
