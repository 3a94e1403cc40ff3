// Prevention exercises: a countdown for holds and a counter for repetitions.
// Without JavaScript the buttons stay hidden and the text gives the count.
(function () {
  "use strict";

  function startHold(button) {
    var display = button.parentElement.querySelector("[data-hold-display]");
    var seconds = parseInt(button.getAttribute("data-hold-seconds"), 10);
    var endsAt = Date.now() + seconds * 1000;
    button.disabled = true;
    function tick() {
      var left = Math.max(0, Math.ceil((endsAt - Date.now()) / 1000));
      display.textContent = left > 0 ? left + " seconds left" : "Done. Rest, then go again if it felt fine.";
      if (left > 0) {
        setTimeout(tick, 250);
      } else {
        button.disabled = false;
      }
    }
    tick();
  }

  function countRep(button) {
    var display = button.parentElement.querySelector("[data-rep-display]");
    var reps = parseInt(button.getAttribute("data-reps"), 10);
    var perSide = button.getAttribute("data-per-side") === "1";
    var total = perSide ? reps * 2 : reps;
    var done = parseInt(button.getAttribute("data-done") || "0", 10) + 1;
    if (done > total) done = 1;
    button.setAttribute("data-done", String(done));
    var side = perSide ? (done <= reps ? " (first side)" : " (second side)") : "";
    display.textContent = done >= total ? "All " + total + " done. Well done." : done + " of " + total + side;
  }

  function enable(root) {
    root.querySelectorAll("[data-hold-seconds], [data-reps]").forEach(function (button) {
      button.hidden = false;
    });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-hold-seconds], [data-reps]");
    if (!button) return;
    if (button.hasAttribute("data-hold-seconds")) startHold(button);
    else countRep(button);
  });
  document.addEventListener("DOMContentLoaded", function () { enable(document); });
  document.addEventListener("htmx:load", function (event) { enable(event.target); });
})();
