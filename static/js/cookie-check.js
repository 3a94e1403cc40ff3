// Without its cookie, each write is lost to this phone: say so (README.md).
import { read, write } from "./device.js";

const KEY = "spasm.cookieLost";
const SAVED = /It (?:is|will be) saved[^.]*\./g;
const SAVED_LEAD = /^(\s*)Saved(:|\.\s*$)/;
const WARNING =
  "This browser is not keeping Spasm's data: your history will not be saved on this phone. " +
  "Allow cookies for this site, or add it to the home screen.";
// Pieces swapped in later (a write's answer, a timer) may say "saved".
const watching = new MutationObserver(takeBack);
let lost = navigator.cookieEnabled === false || read(KEY) === "1";
let asking = false;

// After each write: the server says whether this one came without the cookie.
async function check() {
  if (asking) return;
  asking = true;
  const headers = { "X-Spasm-Expects-Profile": "1" };
  const response = await fetch("/device/cookie", { cache: "no-store", headers }).catch(() => null);
  asking = false;
  if (!response?.ok) return;
  lost = response.headers.get("X-Spasm-Cookie-Lost") === "1";
  write(KEY, lost && "1");
  show();
}

function show() {
  const box = document.querySelector("[data-cookie-lost]");
  if (!lost) return box?.remove();
  const alert = `<div class="alert" role="alert" data-cookie-lost><p>${WARNING}</p></div>`;
  if (!box) document.getElementById("alerts")?.insertAdjacentHTML("afterbegin", alert);
  takeBack();
  watching.observe(document.body, { childList: true, subtree: true, characterData: true });
}

function takeBack() {
  if (!lost) return;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const text = node.nodeValue.replace(SAVED, "It will not stay in your history.").replace(SAVED_LEAD, "$1Sent$2");
    // Only a change: the observer's own edit ends here.
    if (text !== node.nodeValue) node.nodeValue = text;
  }
}

document.addEventListener("spasm:outbox-sent", check);
// Once something is saved, ask to keep it through storage clean-ups (Firefox asks the person).
document.addEventListener("spasm:outbox-sent", () => navigator.storage?.persist?.().catch(() => {}), { once: true });
if (lost) show();
