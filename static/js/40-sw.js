// Registers the service worker that keeps the red flags and relief steps
// for when there is no signal, and makes htmx failures offline land somewhere calm.
(function () {
  "use strict";

  if ("serviceWorker" in navigator) {
    // After load, so a weak signal serves this page before the precache.
    window.addEventListener("load", function () {
      navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () {
        /* no service worker: the app still works online */
      });
    });
  }

  var OFFLINE_TITLE = "You are offline.";
  var OFFLINE_TEXT = "That did not reach Spasm. Try again once you have signal.";

  function showOfflineAlert() {
    var alerts = document.getElementById("alerts");
    if (!alerts || alerts.querySelector("[data-offline-alert]")) return;
    var box = document.createElement("div");
    box.className = "alert";
    box.setAttribute("role", "alert");
    box.setAttribute("data-offline-alert", "");
    var text = document.createElement("p");
    var title = document.createElement("strong");
    title.textContent = OFFLINE_TITLE;
    text.appendChild(title);
    text.appendChild(document.createTextNode(" " + OFFLINE_TEXT));
    box.appendChild(text);
    alerts.appendChild(box);
  }

  function clearOfflineAlert() {
    document.querySelectorAll("[data-offline-alert]").forEach(function (box) { box.remove(); });
  }

  // A tapped link that htmx could not fetch becomes a normal navigation,
  // which the service worker answers from its cache (or with /offline).
  document.addEventListener("htmx:sendError", function (event) {
    var link = event.target && event.target.closest ? event.target.closest("a[href]") : null;
    if (link && link.origin === window.location.origin) {
      window.location.assign(link.href);
    } else {
      showOfflineAlert();
    }
  });
  window.addEventListener("online", clearOfflineAlert);

  // The service worker showed a kept relief card and then heard from the
  // server that this device has its own version (its saved answers): swap
  // that in while the same card is still on screen.
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.addEventListener("message", function (event) {
      var data = event.data || {};
      if (data.type !== "fresh-card" || data.path !== window.location.pathname || !window.htmx) return;
      var card = document.getElementById("relief-card");
      if (!card || card.contains(document.activeElement) && document.activeElement.matches("input, textarea")) return;
      window.htmx.swap(card, data.html, { swapStyle: "outerHTML" }, { select: "#relief-card" });
    });
  }
})();
