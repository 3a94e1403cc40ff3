// The red-flag page is the same for everyone and works offline, so the number
// a person chose in settings is kept on the device and swapped in here.
(function () {
  "use strict";

  var KEY = "spasm.emergencyNumber";

  // Only what a phone dials: digits, +, * and #.
  function clean(value) {
    return (value || "").replace(/[^0-9+*#]/g, "").slice(0, 16);
  }

  function remember() {
    // Absent on pages rendered for everyone; "" means the region's default.
    var meta = document.querySelector('meta[name="spasm-emergency-number"]');
    if (!meta) return;
    var number = clean(meta.getAttribute("content"));
    try {
      if (number) localStorage.setItem(KEY, number);
      else localStorage.removeItem(KEY);
    } catch (error) { /* storage blocked: the region default stays */ }
  }

  function chosen() {
    try { return clean(localStorage.getItem(KEY)); } catch (error) { return ""; }
  }

  function apply() {
    var number = chosen();
    if (!number) return;
    document.querySelectorAll("[data-emergency-number]").forEach(function (link) {
      link.setAttribute("href", "tel:" + number);
      link.textContent = (link.getAttribute("data-label") || "Call {number}").replace("{number}", number);
    });
    // Notes about the default number do not fit a number the person chose.
    document.querySelectorAll("[data-emergency-default-only]").forEach(function (note) {
      note.hidden = true;
    });
  }

  function init() {
    remember();
    apply();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
  document.addEventListener("htmx:afterSettle", apply);
})();
