// The number to call: the one saved in settings, else the place of the phone's
// time zone (the table at /emergency-numbers.json, kept on the device), else the HTML's.
(function () {
  "use strict";
  var NUMBER = "spasm.emergencyNumber", REGION = "spasm.emergencyRegion", TABLE = "spasm.emergencyTable";
  var TABLE_URL = "/emergency-numbers.json", SERVICE_WORKER_PATIENCE_MS = 15000;

  function clean(v) { return (v || "").replace(/[^0-9+*#]/g, "").slice(0, 16); }
  function get(k) { try { return localStorage.getItem(k) || ""; } catch (e) { return ""; } }
  function set(k, v) { try { if (v) localStorage.setItem(k, v); else localStorage.removeItem(k); } catch (e) { /* blocked */ } }
  function each(sel, root, fn) { (root || document).querySelectorAll(sel).forEach(fn); }

  // Personal pages say what this device chose ("" for nothing).
  function remember() {
    var meta = document.querySelector('meta[name="spasm-emergency-number"]');
    if (!meta) return;
    set(NUMBER, clean(meta.content));
    set(REGION, (meta.getAttribute("data-region") || "").replace(/[^a-z]/g, ""));
  }

  // Zones come packed: "America/Chicago,New_York GB".
  function place(data) {
    var zone = "";
    try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) { /* none */ }
    // UTC and its aliases say nothing of where the phone is: the deployment's number stays.
    if (!zone || /^(Etc\/|UTC$|GMT$|Factory$)/.test(zone)) return "";
    return Object.keys(data.zones).filter(function (key) {
      return data.zones[key].split(" ").some(function (group) {
        var cut = group.lastIndexOf("/") + 1;
        return zone.indexOf(group.slice(0, cut)) === 0 && group.slice(cut).split(",").indexOf(zone.slice(cut)) > -1;
      });
    })[0] || "other";
  }

  var SHOWS_A_NUMBER = "[data-emergency-number], [data-emergency-text], [data-emergency-note], [data-advice-line]";

  function apply() {
    // Reading the phone's time zone loads the locale data, a long task on a
    // slow phone: not for a page that shows no number.
    if (!document.querySelector(SHOWS_A_NUMBER)) return;
    var own = clean(get(NUMBER)), data, r = null;
    try { data = JSON.parse(get(TABLE)); } catch (e) { data = null; }
    if (data) r = data.regions[get(REGION)] || data.regions[place(data)];
    if (!r && !own) return;
    r = r || {};
    var number = own || r.emergency;
    // A place's note does not fit a number the person typed.
    var note = own && own !== r.emergency ? "" : r.note || "";
    each("[data-emergency-number]", null, function (a) {
      a.href = "tel:" + number;
      a.textContent = (a.getAttribute("data-label") || "Call {number}").replace("{number}", number);
    });
    each("[data-emergency-text]", null, function (n) { n.textContent = number; });
    each("[data-emergency-note]", null, function (n) { n.textContent = note; n.hidden = !note; });
    each("[data-advice-line]", null, function (block) {
      block.hidden = !r.advice;
      if (!r.advice) return;
      each("[data-advice-number]", block, function (a) { a.href = "tel:" + r.advice; });
      each("[data-advice-label]", block, function (n) { n.textContent = r.adviceLabel; });
    });
  }

  function keep(text) {
    if (text && text !== get(TABLE) && JSON.parse(text)) { set(TABLE, text); apply(); }
    return text;
  }

  function text(response) { return response && response.ok ? response.text() : ""; }

  function fetchTable() {
    return fetch(TABLE_URL).then(text).then(keep);
  }

  // The service worker keeps the table with the pages it precaches, so the
  // page reads it from there and a first visit costs no request of its own.
  // Where there is no service worker, the page asks for it.
  function loadTable() {
    if (!("serviceWorker" in navigator) || !("caches" in window)) return fetchTable();
    var fromCache = function () { return caches.match(TABLE_URL).then(text).then(keep); };
    // A worker that never gets installed must not leave the phone without
    // its number: after a while, the page asks for the table itself.
    var tooLong = new Promise(function (resolve) { setTimeout(resolve, SERVICE_WORKER_PATIENCE_MS); });
    return fromCache().then(function (found) {
      if (found) return found;
      return Promise.race([navigator.serviceWorker.ready.then(fromCache), tooLong]).then(function (kept) {
        return kept || fetchTable();
      });
    });
  }

  function init() {
    remember();
    apply();
    loadTable().catch(function () { /* no signal and no copy: the kept table or the default stays */ });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
  document.addEventListener("htmx:afterSettle", apply);
})();
