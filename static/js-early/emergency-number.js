// The number to call, in place before the first paint: the one chosen in
// settings (this page's <meta>, else the copy kept on the device), else the
// one for the place of the phone's time zone, else the HTML's (the
// deployment's). Loaded in <head> without defer, this runs before the body
// is parsed and rewrites each number as the parser inserts it: a
// MutationObserver's callbacks run when the parser's task ends, before the
// browser paints. It goes on doing so for what htmx swaps in later.
// The server writes in the table of numbers and time zones (spasm/content/regions.py).
(function (table) {
  "use strict";
  var zonePlace;

  function clean(v) { return (v || "").replace(/[^0-9+*#]/g, "").slice(0, 16); }
  function kept(key) { try { return localStorage.getItem(key); } catch (e) { return ""; } }
  function region(key) { return Object.prototype.hasOwnProperty.call(table.regions, key) && table.regions[key]; }

  // Zones come packed: "America/Chicago,New_York GB".
  function place() {
    var zone = "";
    try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) { /* none */ }
    // UTC and its aliases say nothing of where the phone is: the deployment's number stays.
    if (!zone || /^(Etc\/|UTC$|GMT$|Factory$)/.test(zone)) return "";
    for (var key in table.zones) {
      if (table.zones[key].split(" ").some(function (group) {
        var cut = group.lastIndexOf("/") + 1;
        return zone.indexOf(group.slice(0, cut)) === 0 && group.slice(cut).split(",").indexOf(zone.slice(cut)) > -1;
      })) return key;
    }
    return "other";
  }

  function pick() {
    // A personal page says what this device chose ("" for nothing); a shared page cannot.
    var meta = document.querySelector('meta[name="spasm-emergency-number"]');
    var own = clean(meta ? meta.content : kept("spasm.emergencyNumber"));
    // Reading the time zone loads the locale data, a long task on a slow
    // phone: once a page, and only for a page that shows a number.
    var r = region(meta ? meta.getAttribute("data-region") : kept("spasm.emergencyRegion")) ||
      region(zonePlace === undefined ? (zonePlace = place()) : zonePlace);
    if (!r && !own) return null;
    r = r || {};
    // A place's note does not fit a number the person typed.
    return { number: own || r.emergency, note: own && own !== r.emergency ? "" : r.note || "", advice: r.advice, label: r.adviceLabel };
  }

  // Each write only where it changes something: the observer hears these too.
  function text(node, value) { if (node.textContent !== value) node.textContent = value; }
  function dial(link, number) { if (link.getAttribute("href") !== "tel:" + number) link.href = "tel:" + number; }
  function hide(node, hidden) { if (node.hidden !== hidden) node.hidden = hidden; }
  function each(selector, fn, root) { Array.prototype.forEach.call((root || document).querySelectorAll(selector), fn); }

  function apply() {
    var p = document.querySelector("[data-emergency-number], [data-emergency-text], [data-emergency-note], [data-advice-line]") && pick();
    if (!p) return;
    each("[data-emergency-number]", function (link) {
      dial(link, p.number);
      text(link, (link.getAttribute("data-label") || "Call {number}").replace("{number}", p.number));
    });
    each("[data-emergency-text]", function (node) { text(node, p.number); });
    each("[data-emergency-note]", function (node) { text(node, p.note); hide(node, !p.note); });
    each("[data-advice-line]", function (block) {
      hide(block, !p.advice);
      if (!p.advice) return;
      each("[data-advice-number]", function (link) { dial(link, p.advice); }, block);
      each("[data-advice-label]", function (node) { text(node, p.label); }, block);
    });
  }

  function addsAnElement(record) {
    return Array.prototype.some.call(record.addedNodes, function (node) { return node.nodeType === 1; });
  }

  // While the page is parsed every change counts: the parser may add the
  // rest of a link's text after the link was rewritten. Then only new
  // elements do.
  var root = document.documentElement;
  var observer = new MutationObserver(function (records) {
    if (document.readyState === "loading" || records.some(addsAnElement)) apply();
    observer.takeRecords();
  });
  observer.observe(root, { childList: true, subtree: true, characterData: true });
  document.addEventListener("DOMContentLoaded", function () {
    apply();
    observer.disconnect();
    observer.observe(root, { childList: true, subtree: true });
  });
})(EMERGENCY_TABLE);
