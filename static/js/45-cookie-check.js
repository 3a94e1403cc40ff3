// Without its cookie, each write is lost to this phone: say so (README.md).
(function () {
  "use strict";

  var KEY = "spasm.cookieLost";
  var SAVED = /It (?:is|will be) saved[^.]*\./g;
  var SAVED_LEAD = /^(\s*)Saved(:|\.\s*$)/;
  var lost = navigator.cookieEnabled === false;
  var asking = false;
  var watching = null;
  var persistAsked = false;

  try { lost = lost || localStorage.getItem(KEY) === "1"; } catch (error) { /* refused */ }

  function check() {
    if (asking) return;
    asking = true;
    fetch("/device/cookie", { cache: "no-store", headers: { "X-Spasm-Expects-Profile": "1" } }).then(function (response) {
      if (response.ok) setLost(response.headers.get("X-Spasm-Cookie-Lost") === "1");
    }, function () {}).then(function () { asking = false; });
  }

  function setLost(value) {
    lost = value;
    try {
      if (value) localStorage.setItem(KEY, "1");
      else localStorage.removeItem(KEY);
    } catch (error) { /* this page still warns */ }
    show();
  }

  function show() {
    var box = document.querySelector("[data-cookie-lost]");
    var alerts = document.getElementById("alerts");
    if (!lost) {
      if (box) box.remove();
      return;
    }
    if (!box && alerts) {
      box = alerts.insertBefore(document.createElement("div"), alerts.firstChild);
      box.className = "alert";
      box.setAttribute("role", "alert");
      box.setAttribute("data-cookie-lost", "");
      box.appendChild(document.createElement("p")).textContent = "This browser is not keeping Spasm's data: " +
        "your history will not be saved on this phone. Allow cookies for this site, or add it to the home screen.";
    }
    takeBack();
    // Pieces swapped in later (a write's answer, a timer) may say "saved".
    if (!watching) watching = new MutationObserver(takeBack);
    watching.observe(document.body, { childList: true, subtree: true, characterData: true });
  }

  function takeBack() {
    if (!lost) return;
    var walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    var node, text;
    while ((node = walker.nextNode())) {
      text = node.nodeValue.replace(SAVED, "It will not stay in your history.").replace(SAVED_LEAD, "$1Sent$2");
      // Only a change: the observer's own edit ends here.
      if (text !== node.nodeValue) node.nodeValue = text;
    }
  }

  document.addEventListener("spasm:outbox-sent", function () {
    check();
    // Once something is saved. Firefox asks the person.
    if (persistAsked || !navigator.storage || !navigator.storage.persist) return;
    persistAsked = true;
    navigator.storage.persist().catch(function () {});
  });
  document.addEventListener("DOMContentLoaded", function () { if (lost) show(); });
})();
