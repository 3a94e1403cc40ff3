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
