// The number to call, chosen on the device so it works offline on pages that
// are the same for everyone: the number or place saved in settings (kept in
// device storage), else the place the phone's time zone says, else the
// deployment's default that the HTML already shows.
(function () {
  "use strict";

  var NUMBER_KEY = "spasm.emergencyNumber";
  var REGION_KEY = "spasm.emergencyRegion";

  // Only what a phone dials: digits, +, * and #.
  function clean(value) {
    return (value || "").replace(/[^0-9+*#]/g, "").slice(0, 16);
  }

  function store(key, value) {
    try {
      if (value) localStorage.setItem(key, value);
      else localStorage.removeItem(key);
    } catch (error) { /* storage blocked: the time zone decides */ }
  }

  function stored(key) {
    try { return localStorage.getItem(key) || ""; } catch (error) { return ""; }
  }

  function remember() {
    // Absent on pages rendered for everyone; "" means nothing chosen.
    var meta = document.querySelector('meta[name="spasm-emergency-number"]');
    if (!meta) return;
    store(NUMBER_KEY, clean(meta.getAttribute("content")));
    store(REGION_KEY, (meta.getAttribute("data-region") || "").replace(/[^a-z]/g, ""));
  }

  // The table of numbers and time zones, rendered by the server from the same
  // data it uses itself (spasm/content/regions.py).
  var table = null;
  function numbers() {
    if (table) return table;
    var meta = document.querySelector('meta[name="spasm-emergency-numbers"]');
    try { table = JSON.parse(meta.getAttribute("content")); } catch (error) { table = null; }
    return table;
  }

  function zoneRegion(data) {
    var zone = "";
    try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (error) { return ""; }
    if (!zone) return "";
    var keys = Object.keys(data.zones);
    for (var i = 0; i < keys.length; i++) {
      if (data.zones[keys[i]].indexOf(zone) !== -1) return keys[i];
    }
    return "other";
  }

  function choice() {
    var data = numbers();
    if (!data) return null;
    var key = stored(REGION_KEY);
    if (!data.regions[key]) key = zoneRegion(data);
    var region = data.regions[key];
    var own = clean(stored(NUMBER_KEY));
    if (!region && !own) return null;
    return {
      number: own || region.emergency,
      // A note about a place's number does not fit a number the person typed.
      note: own && (!region || own !== region.emergency) ? "" : (region.note || ""),
      advice: region ? region.advice : null,
      adviceLabel: region ? region.adviceLabel : null
    };
  }

  function apply() {
    var picked = choice();
    if (!picked) return;
    document.querySelectorAll("[data-emergency-number]").forEach(function (link) {
      link.setAttribute("href", "tel:" + picked.number);
      link.textContent = (link.getAttribute("data-label") || "Call {number}").replace("{number}", picked.number);
    });
    document.querySelectorAll("[data-emergency-text]").forEach(function (node) {
      node.textContent = picked.number;
    });
    document.querySelectorAll("[data-emergency-note]").forEach(function (note) {
      note.textContent = picked.note;
      note.hidden = !picked.note;
    });
    document.querySelectorAll("[data-advice-line]").forEach(function (block) {
      block.hidden = !picked.advice;
      if (!picked.advice) return;
      block.querySelectorAll("[data-advice-number]").forEach(function (link) {
        link.setAttribute("href", "tel:" + picked.advice);
      });
      block.querySelectorAll("[data-advice-label]").forEach(function (label) {
        label.textContent = picked.adviceLabel || picked.advice;
      });
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
