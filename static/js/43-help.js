// "I'm stuck, please help": a ready-written text to the person chosen in
// settings. Its pages are the same for everyone, so the contact is kept on
// the device (from <meta> on personal pages) and put into the link here.
// With no contact, the share sheet opens; without JavaScript, the text app.
(function () {
  "use strict";

  var KEY = "spasm.helpContact";

  function contact(name, phone) {
    name = String(name || "").replace(/\s+/g, " ").trim().slice(0, 40);
    phone = String(phone || "").replace(/[^0-9+]/g, "");
    return name && /^\+?[0-9]{6,15}$/.test(phone) ? { name: name, phone: phone } : null;
  }

  function chosen() {
    try {
      var kept = JSON.parse(localStorage.getItem(KEY)) || {};
      return contact(kept.name, kept.phone);
    } catch (error) { return null; }
  }

  function remember() {
    var name = document.querySelector('meta[name="spasm-help-name"]');
    var phone = document.querySelector('meta[name="spasm-help-phone"]');
    var forget = document.querySelector("[data-device-forgotten]");
    if (!forget && !(name && phone)) return;
    var found = forget ? null : contact(name.content, phone.content);
    try {
      if (found) localStorage.setItem(KEY, JSON.stringify(found));
      else localStorage.removeItem(KEY);
    } catch (error) { /* storage blocked: the link works without a number */ }
  }

  function apply() {
    var found = chosen();
    if (!found) return;
    // RFC 5724 puts the body after "?"; iPhones and iPads want "?&".
    var apple = /iPhone|iPad|iPod/.test(navigator.userAgent) ||
      (navigator.platform === "MacIntel" && navigator.maxTouchPoints > 1);
    document.querySelectorAll("[data-help-link]").forEach(function (link) {
      link.href = "sms:" + found.phone + (apple ? "?&body=" : "?body=") +
        encodeURIComponent(link.getAttribute("data-help-message"));
      var to = link.parentNode.querySelector("[data-help-to]");
      if (to) to.textContent = "Opens a text to " + found.name + ", ready to send.";
    });
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("[data-help-link]");
    if (!link || chosen() || !navigator.share) return;
    event.preventDefault();
    navigator.share({ text: link.getAttribute("data-help-message") }).catch(function (error) {
      // Closing the sheet is a choice; other failures fall back to the text app.
      if (error.name !== "AbortError") location.href = link.href;
    });
  });
  document.addEventListener("htmx:afterSettle", apply);
  remember();
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", apply);
  else apply();
})();
