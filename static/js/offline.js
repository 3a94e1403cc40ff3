// Registers the service worker that keeps the red flags and relief steps for
// when there is no signal, and makes htmx failures offline land somewhere calm.
if ("serviceWorker" in navigator) {
  // After load, so a weak signal serves this page before the precache.
  window.addEventListener("load", () => navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(() => {}));
  navigator.serviceWorker.addEventListener("message", (event) => swapFreshCard(event.data || {}));
}

// A tapped link htmx could not fetch becomes a normal navigation, which the
// service worker answers from its cache (or with /offline).
document.addEventListener("htmx:sendError", (event) => {
  const link = event.target?.closest?.("a[href]");
  const alerts = document.getElementById("alerts");
  if (link && link.origin === window.location.origin) window.location.assign(link.href);
  else if (alerts && !alerts.querySelector("[data-offline-alert]")) {
    alerts.insertAdjacentHTML("beforeend", '<div class="alert" role="alert" data-offline-alert><p><strong>You are offline.</strong> ' +
      "That did not reach Spasm. Try again once you have signal.</p></div>");
  }
});
window.addEventListener("online", () => document.querySelectorAll("[data-offline-alert]").forEach((box) => box.remove()));

// The service worker showed a cached relief card, then got this device's own
// (with its saved answers): swapped in if still on screen.
function swapFreshCard(data) {
  if (data.type !== "fresh-card" || data.path !== window.location.pathname || !window.htmx) return;
  const card = document.getElementById("relief-card");
  const typing = card?.contains(document.activeElement) && document.activeElement.matches("input, textarea");
  if (card && !typing) window.htmx.swap(card, data.html, { swapStyle: "outerHTML" }, { select: "#relief-card" });
}
