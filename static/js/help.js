// "I'm stuck, please help": a ready-written text to the contact chosen in
// settings, which the device keeps (from <meta> on personal pages) for the
// shared pages. With none, the share sheet opens; without JavaScript, the text app.
import { isApple, readJson, write } from "./device.js";

const KEY = "spasm.helpContact";

function contact({ name, phone }) {
  name = String(name || "").replace(/\s+/g, " ").trim().slice(0, 40);
  phone = String(phone || "").replace(/[^0-9+]/g, "");
  return name && /^\+?[0-9]{6,15}$/.test(phone) ? { name, phone } : null;
}
const chosen = () => contact(readJson(KEY) || {});

function remember() {
  const name = document.querySelector('meta[name="spasm-help-name"]');
  const phone = document.querySelector('meta[name="spasm-help-phone"]');
  const forget = document.querySelector("[data-device-forgotten]");
  if (!forget && !(name && phone)) return;
  const found = !forget && contact({ name: name.content, phone: phone.content });
  write(KEY, found && JSON.stringify(found));
}

function apply() {
  const found = chosen();
  if (!found) return;
  // RFC 5724 puts the body after "?"; iPhones and iPads want "?&".
  const body = isApple() ? "?&body=" : "?body=";
  document.querySelectorAll("[data-help-link]").forEach((link) => {
    link.href = `sms:${found.phone}${body}${encodeURIComponent(link.dataset.helpMessage)}`;
    const to = link.parentNode.querySelector("[data-help-to]");
    if (to) to.textContent = `Opens a text to ${found.name}, ready to send.`;
  });
}

document.addEventListener("click", (event) => {
  const link = event.target.closest?.("[data-help-link]");
  if (!link || chosen() || !navigator.share) return;
  event.preventDefault();
  navigator.share({ text: link.dataset.helpMessage }).catch((error) => {
    // Closing the sheet is a choice; other failures fall back to the text app.
    if (error.name !== "AbortError") location.href = link.href;
  });
});
document.addEventListener("htmx:afterSettle", apply);
remember();
apply();
