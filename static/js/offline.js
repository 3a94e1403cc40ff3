// Registers the service worker that keeps the red flags and relief steps
// for when there is no signal, and makes htmx failures offline land somewhere calm.
const OFFLINE_TITLE = "You are offline.";
const OFFLINE_TEXT = "That did not reach Spasm. Try again once you have signal.";

if ("serviceWorker" in navigator) {
  // After load, so a weak signal serves this page before the precache.
  window.addEventListener("load", () => {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(() => {
      /* no service worker: the app still works online */
    });
  });
  navigator.serviceWorker.addEventListener("message", (event) => swapFreshCard(event.data || {}));
}

function showOfflineAlert() {
  const alerts = document.getElementById("alerts");
  if (!alerts || alerts.querySelector("[data-offline-alert]")) return;
  const box = document.createElement("div");
  box.className = "alert";
  box.setAttribute("role", "alert");
  box.dataset.offlineAlert = "";
  const text = box.appendChild(document.createElement("p"));
  text.appendChild(document.createElement("strong")).textContent = OFFLINE_TITLE;
  text.append(" " + OFFLINE_TEXT);
  alerts.appendChild(box);
}

// A tapped link that htmx could not fetch becomes a normal navigation,
// which the service worker answers from its cache (or with /offline).
document.addEventListener("htmx:sendError", (event) => {
  const link = event.target?.closest?.("a[href]");
  if (link && link.origin === window.location.origin) window.location.assign(link.href);
  else showOfflineAlert();
});
window.addEventListener("online", () => {
  document.querySelectorAll("[data-offline-alert]").forEach((box) => box.remove());
});

// The service worker showed a kept relief card and then heard from the
// server that this device has its own version (its saved answers): swap
// that in while the same card is still on screen.
function swapFreshCard(data) {
  if (data.type !== "fresh-card" || data.path !== window.location.pathname || !window.htmx) return;
  const card = document.getElementById("relief-card");
  const typing = card?.contains(document.activeElement) && document.activeElement.matches("input, textarea");
  if (card && !typing) window.htmx.swap(card, data.html, { swapStyle: "outerHTML" }, { select: "#relief-card" });
}
