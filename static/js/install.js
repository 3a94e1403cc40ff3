// The "add to home screen" hint: the browser's own install prompt where there
// is one, short instructions on iPhone, iPad and Firefox for Android where
// there is not; none on a desktop without a prompt.
import { isApple, read, standalone, write } from "./device.js";

const KEY = "spasm.installHint"; // "dismissed" or "installed"
const MODES = ["button", "ios", "firefox"];
let deferredPrompt = null;
const hint = () => document.querySelector("[data-install-hint]");
const wanted = () => !read(KEY) && !standalone();
function hide(remembered) {
  if (remembered) write(KEY, remembered);
  if (hint()) hint().hidden = true;
}

function show(mode) {
  const box = hint();
  if (!box || !wanted()) return;
  for (const name of MODES) box.querySelector(`[data-install-${name}]`).hidden = name !== mode;
  box.hidden = false;
}

window.addEventListener("beforeinstallprompt", (event) => {
  if (!wanted()) return;
  event.preventDefault(); // our own button replaces the browser's banner
  deferredPrompt = event;
  show("button");
});
window.addEventListener("appinstalled", () => hide("installed"));

document.addEventListener("click", async ({ target }) => {
  if (target.closest?.("[data-install-dismiss]")) return hide("dismissed");
  if (!target.closest?.("[data-install-button]") || !deferredPrompt) return;
  const prompt = deferredPrompt;
  deferredPrompt = null;
  prompt.prompt();
  hide((await prompt.userChoice)?.outcome === "accepted" && "installed");
});

if (isApple()) show("ios");
else if (/Android.*Firefox\//.test(navigator.userAgent)) show("firefox");
