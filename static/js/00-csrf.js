// A page that came from the offline cache carries no CSRF token. When the
// network is there, fetch a fresh one and put it wherever a form needs it.
(function () {
  "use strict";

  function currentToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }

  function applyToken(token) {
    var meta = document.querySelector('meta[name="csrf-token"]');
    if (meta) meta.setAttribute("content", token);
    document.body.setAttribute("hx-headers", JSON.stringify({ "X-CSRFToken": token }));
    document.querySelectorAll('input[name="csrf_token"]').forEach(function (input) {
      input.value = token;
    });
  }

  function fetchToken() {
    return fetch("/csrf-token", { credentials: "same-origin", cache: "no-store" })
      .then(function (response) { return response.ok ? response.json() : Promise.reject(response); })
      .then(function (data) { applyToken(data.token); return data.token; });
  }

  function ensureToken() {
    if (currentToken() || !navigator.onLine) return;
    fetchToken().catch(function () { /* still offline: try again on "online" */ });
  }

  // A form submitted before the token arrived waits for it, then goes.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var field = form.querySelector('input[name="csrf_token"]');
    if (!field || field.value) return;
    event.preventDefault();
    fetchToken().then(function () { form.requestSubmit(event.submitter || undefined); });
  }, true);

  document.addEventListener("DOMContentLoaded", ensureToken);
  window.addEventListener("online", ensureToken);
})();
