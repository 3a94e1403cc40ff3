// The "add to home screen" hint: the browser's own install prompt where there
// is one, short instructions on iPhone, iPad and Firefox for Android where
// there is not; none on a desktop without a prompt.
(function () {
  "use strict";

  var KEY = "spasm.installHint"; // "dismissed" or "installed"
  var deferredPrompt = null;

  function remembered() {
    try { return localStorage.getItem(KEY); } catch (error) { return null; }
  }

  function remember(value) {
    try { localStorage.setItem(KEY, value); } catch (error) { /* private mode: ask again next time */ }
  }

  function standalone() {
    return window.matchMedia("(display-mode: standalone)").matches || navigator.standalone === true;
  }

  function onIos() {
    var ua = navigator.userAgent;
    // iPadOS presents itself as a Mac, but a Mac has no touch screen.
    return /iPhone|iPad|iPod/.test(ua) || (/Macintosh/.test(ua) && navigator.maxTouchPoints > 1);
  }

  function wanted() {
    return !remembered() && !standalone();
  }

  function hint() {
    return document.querySelector("[data-install-hint]");
  }

  function show(mode) {
    var box = hint();
    if (!box || !wanted()) return;
    box.querySelector("[data-install-button]").hidden = mode !== "prompt";
    box.querySelector("[data-install-ios]").hidden = mode !== "ios";
    box.querySelector("[data-install-firefox]").hidden = mode !== "firefox";
    box.hidden = false;
  }

  function hide() {
    var box = hint();
    if (box) box.hidden = true;
  }

  window.addEventListener("beforeinstallprompt", function (event) {
    if (!wanted()) return;
    // Our own button replaces the browser's banner.
    event.preventDefault();
    deferredPrompt = event;
    show("prompt");
  });

  window.addEventListener("appinstalled", function () {
    remember("installed");
    hide();
  });

  document.addEventListener("click", function (event) {
    var target = event.target.closest ? event.target : null;
    if (!target) return;
    if (target.closest("[data-install-dismiss]")) {
      remember("dismissed");
      hide();
    } else if (target.closest("[data-install-button]") && deferredPrompt) {
      var prompt = deferredPrompt;
      deferredPrompt = null;
      prompt.prompt();
      Promise.resolve(prompt.userChoice).then(function (choice) {
        if (choice && choice.outcome === "accepted") remember("installed");
        hide();
      });
    }
  });

  function init() {
    if (onIos()) show("ios");
    else if (/Android.*Firefox\//.test(navigator.userAgent)) show("firefox");
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
