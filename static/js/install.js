// The "add to home screen" hint: the browser's own install prompt where there
// is one, short instructions on iPhone, iPad and Firefox for Android where
// there is not; none on a desktop without a prompt.
const KEY = "spasm.installHint"; // "dismissed" or "installed"
let deferredPrompt = null;

function remembered() {
  try { return localStorage.getItem(KEY); } catch { return null; }
}

function remember(value) {
  try { localStorage.setItem(KEY, value); } catch { /* private mode: ask again next time */ }
}

function wanted() {
  const standalone = window.matchMedia("(display-mode: standalone)").matches || navigator.standalone === true;
  return !remembered() && !standalone;
}

function show(mode) {
  const box = document.querySelector("[data-install-hint]");
  if (!box || !wanted()) return;
  box.querySelector("[data-install-button]").hidden = mode !== "prompt";
  box.querySelector("[data-install-ios]").hidden = mode !== "ios";
  box.querySelector("[data-install-firefox]").hidden = mode !== "firefox";
  box.hidden = false;
}

function hide() {
  const box = document.querySelector("[data-install-hint]");
  if (box) box.hidden = true;
}

window.addEventListener("beforeinstallprompt", (event) => {
  if (!wanted()) return;
  // Our own button replaces the browser's banner.
  event.preventDefault();
  deferredPrompt = event;
  show("prompt");
});

window.addEventListener("appinstalled", () => {
  remember("installed");
  hide();
});

document.addEventListener("click", async (event) => {
  const target = event.target;
  if (!target.closest) return;
  if (target.closest("[data-install-dismiss]")) {
    remember("dismissed");
    hide();
  } else if (target.closest("[data-install-button]") && deferredPrompt) {
    const prompt = deferredPrompt;
    deferredPrompt = null;
    prompt.prompt();
    const choice = await prompt.userChoice;
    if (choice?.outcome === "accepted") remember("installed");
    hide();
  }
});

const ua = navigator.userAgent;
// iPadOS presents itself as a Mac, but a Mac has no touch screen.
if (/iPhone|iPad|iPod/.test(ua) || (/Macintosh/.test(ua) && navigator.maxTouchPoints > 1)) show("ios");
else if (/Android.*Firefox\//.test(ua)) show("firefox");
