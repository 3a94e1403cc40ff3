// Pages that are the same for everyone (and copies from the offline cache)
// carry no CSRF token. A token is fetched only when something is about to
// be sent: a form on such a page, or an htmx request that changes data.
(function () {
  "use strict";

  var pending = null;

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
    if (!pending) {
      pending = fetch("/csrf-token", { credentials: "same-origin", cache: "no-store" })
        .then(function (response) { return response.ok ? response.json() : Promise.reject(response); })
        .then(function (data) { applyToken(data.token); return data.token; })
        .finally(function () { pending = null; });
    }
    return pending;
  }

  function formsNeedToken() {
    return !currentToken() && document.querySelector('input[name="csrf_token"][value=""]');
  }

  function prefetchForForms() {
    if (formsNeedToken() && navigator.onLine) {
      fetchToken().catch(function () { /* still offline: tried again on "online" or on submit */ });
    }
  }

  // A plain form submitted before its token arrived waits for it, then goes.
  // If no token can be had (no signal), it goes anyway: the service worker
  // or the server then says what happened, rather than nothing at all.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var field = form.querySelector('input[name="csrf_token"]');
    if (!field || field.value || form.hasAttribute("data-token-tried")) return;
    event.preventDefault();
    form.setAttribute("data-token-tried", "");
    var go = function () {
      form.requestSubmit(event.submitter || undefined);
      form.removeAttribute("data-token-tried");
    };
    fetchToken().then(go, go);
  }, true);

  // An htmx request that changes data waits for a token the same way.
  document.addEventListener("htmx:confirm", function (event) {
    if (event.detail.verb === "get" || currentToken()) return;
    event.preventDefault();
    var go = function () { event.detail.issueRequest(true); };
    fetchToken().then(go, go);
  });

  document.addEventListener("DOMContentLoaded", prefetchForForms);
  document.addEventListener("htmx:afterSettle", prefetchForForms);
  window.addEventListener("online", prefetchForForms);
})();
