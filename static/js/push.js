// "Alert me even if the phone is locked": subscribes this browser to Web Push,
// so the server can say "take it off now" while the page sleeps. Permission is
// asked only in a tap on the button. Where push cannot work, one line says so.
import { isApple, standalone } from "./device.js";

const TEXT = {
  on: "You will be alerted even if the phone is locked.",
  off: "Locked-phone alerts are off.",
  blocked: "Notifications are blocked for Spasm. Keep this screen open to hear the timer.",
  refused: "Notifications were not allowed. Keep this screen open to hear the timer.",
  noPush: "This browser cannot alert you when the phone is locked. Keep this screen open.",
  iosInstall: "To be alerted when the phone is locked, add Spasm to your Home Screen first.",
  notSetUp: "Locked-phone alerts are not available here. Keep this screen open.",
  offline: "No signal, so that did not work. Keep this screen open.",
  failed: "That did not work. Keep this screen open, or try again.",
};
const supported = () =>
  window.isSecureContext && "serviceWorker" in navigator && "PushManager" in window && "Notification" in window;
const trouble = () => (navigator.onLine === false ? TEXT.offline : TEXT.failed);

function keyBytes(base64url) {
  const base64 = base64url.replace(/-/g, "+").replace(/_/g, "/");
  return Uint8Array.from(atob(base64 + "===".slice((base64.length + 3) % 4)), (char) => char.charCodeAt(0));
}

// This browser's subscription, if any, once the service worker (registered
// after load) is ready: 10 seconds at most.
async function registered() {
  const timeout = new Promise((_, reject) => setTimeout(reject, 10000, new Error("no service worker")));
  const { pushManager } = await Promise.race([navigator.serviceWorker.ready, timeout]);
  return { pushManager, existing: await pushManager.getSubscription() };
}

async function send(method, body) {
  const response = await fetch("/push/subscription", {
    method, credentials: "same-origin", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`the server answered ${response.status}`);
}

function show(root, state, text = "") {
  root.querySelector("[data-push-on]").hidden = state !== "off";
  root.querySelector("[data-push-off]").hidden = state !== "on";
  const status = root.querySelector("[data-push-status]");
  status.textContent = text;
  status.hidden = !text;
}

async function subscribe(key) {
  const { pushManager, existing } = await registered();
  const current = existing?.options?.applicationServerKey;
  // A subscription made with another server key cannot be used: renew it. A
  // browser that does not say which key it has is taken to have ours.
  if (current && String(new Uint8Array(current)) !== String(key)) await existing.unsubscribe();
  else if (existing) return existing;
  return pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key });
}

async function turnOn(root) {
  const key = keyBytes(root.dataset.pushKey);
  const button = root.querySelector("[data-push-on]");
  button.disabled = true;
  try {
    // Old Safari answers with a callback, not a promise.
    const permission = await new Promise((resolve) => Notification.requestPermission(resolve)?.then?.(resolve));
    if (permission === "granted") {
      await send("POST", (await subscribe(key)).toJSON());
      root.dataset.pushSaved = "1";
      show(root, "on", TEXT.on);
    } else if (permission === "denied") show(root, "none", TEXT.blocked);
    else show(root, "off", TEXT.refused);
  } catch {
    show(root, "off", trouble());
  }
  button.disabled = false;
}

async function turnOff(root) {
  try {
    const { existing } = await registered();
    await send("DELETE", { endpoint: existing?.endpoint });
    await existing?.unsubscribe();
    root.dataset.pushSaved = "0";
    show(root, "off", TEXT.off);
  } catch {
    show(root, "on", trouble());
  }
}

async function setup(root) {
  if (root.spasmPush) return;
  root.spasmPush = true;
  if (!supported()) return show(root, "none", isApple() && !standalone() ? TEXT.iosInstall : TEXT.noPush);
  if (!root.dataset.pushKey) return show(root, "none", TEXT.notSetUp);
  if (Notification.permission === "denied") return show(root, "none", TEXT.blocked);
  show(root, "off");
  if (Notification.permission !== "granted") return;
  const { existing } = await registered().catch(() => ({}));
  // "0" means the server has none for this device (its data was deleted):
  // offer the button again rather than claim alerts that will not come.
  if (existing && root.dataset.pushSaved !== "0") show(root, "on", TEXT.on);
}

const init = () => document.querySelectorAll("[data-push]").forEach(setup);
document.addEventListener("click", ({ target }) => {
  const root = target.closest?.("[data-push]");
  if (root && target.closest("[data-push-on]")) turnOn(root);
  else if (root && target.closest("[data-push-off]")) turnOff(root);
});
document.addEventListener("DOMContentLoaded", init);
document.addEventListener("htmx:afterSettle", init);
