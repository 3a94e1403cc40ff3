// "Alert me even if the phone is locked": subscribes this browser to Web Push,
// so the server can say "take it off now" at a timer's end while the page
// sleeps. Permission is asked only from a tap on the button. Where push cannot
// work, one line says so; the in-page sound and vibration stay either way.
(function () {
  "use strict";

  var TEXT = {
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
  var READY_MS = 10000;

  function supported() {
    return window.isSecureContext && "serviceWorker" in navigator && "PushManager" in window &&
      "Notification" in window;
  }

  function isIos() {
    return /iPad|iPhone|iPod/.test(navigator.userAgent) ||
      (navigator.platform === "MacIntel" && navigator.maxTouchPoints > 1);
  }

  function installed() {
    return navigator.standalone === true || window.matchMedia("(display-mode: standalone)").matches;
  }

  function keyBytes(base64url) {
    var base64 = base64url.replace(/-/g, "+").replace(/_/g, "/");
    var raw = atob(base64 + "===".slice((base64.length + 3) % 4));
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    return bytes;
  }

  function sameKey(subscription, key) {
    var current = subscription.options && subscription.options.applicationServerKey;
    if (!current) return true; // the browser does not say: assume it is ours
    var a = new Uint8Array(current);
    if (a.length !== key.length) return false;
    for (var i = 0; i < a.length; i++) if (a[i] !== key[i]) return false;
    return true;
  }

  // The service worker registers after load; give up if it never comes.
  function registration() {
    return Promise.race([
      navigator.serviceWorker.ready,
      new Promise(function (resolve, reject) {
        setTimeout(function () { reject(new Error("no service worker")); }, READY_MS);
      }),
    ]);
  }

  function send(method, body) {
    return fetch("/push/subscription", {
      method: method,
      credentials: "same-origin",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    }).then(function (response) {
      if (!response.ok) throw new Error("the server answered " + response.status);
    });
  }

  function show(root, state, text) {
    root.querySelector("[data-push-on]").hidden = state !== "off";
    root.querySelector("[data-push-off]").hidden = state !== "on";
    var status = root.querySelector("[data-push-status]");
    status.textContent = text || "";
    status.hidden = !text;
  }

  function trouble() {
    return navigator.onLine === false ? TEXT.offline : TEXT.failed;
  }

  // Old Safari answers requestPermission with a callback, not a promise.
  function askPermission() {
    return new Promise(function (resolve) {
      var answer = Notification.requestPermission(resolve);
      if (answer && answer.then) answer.then(resolve);
    });
  }

  function turnOn(root) {
    var key = keyBytes(root.dataset.pushKey);
    root.querySelector("[data-push-on]").disabled = true;
    askPermission().then(function (permission) {
      if (permission !== "granted") {
        return show(root, permission === "denied" ? "none" : "off",
          permission === "denied" ? TEXT.blocked : TEXT.refused);
      }
      return registration().then(function (reg) {
        return reg.pushManager.getSubscription().then(function (existing) {
          // A subscription made with another server key cannot be used: renew it.
          if (existing && !sameKey(existing, key)) {
            return existing.unsubscribe().then(function () { return null; });
          }
          return existing;
        }).then(function (existing) {
          return existing || reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key });
        });
      }).then(function (subscription) {
        return send("POST", subscription.toJSON());
      }).then(function () {
        root.dataset.pushSaved = "1";
        show(root, "on", TEXT.on);
      });
    }).catch(function () {
      show(root, "off", trouble());
    }).then(function () {
      root.querySelector("[data-push-on]").disabled = false;
    });
  }

  function turnOff(root) {
    registration().then(function (reg) {
      return reg.pushManager.getSubscription();
    }).then(function (subscription) {
      var endpoint = subscription ? { endpoint: subscription.endpoint } : {};
      return send("DELETE", endpoint).then(function () {
        return subscription && subscription.unsubscribe();
      });
    }).then(function () {
      root.dataset.pushSaved = "0";
      show(root, "off", TEXT.off);
    }).catch(function () {
      show(root, "on", trouble());
    });
  }

  function setup(root) {
    if (root.spasmPush) return;
    root.spasmPush = true;
    if (!supported()) return show(root, "none", isIos() && !installed() ? TEXT.iosInstall : TEXT.noPush);
    if (!root.dataset.pushKey) return show(root, "none", TEXT.notSetUp);
    if (Notification.permission === "denied") return show(root, "none", TEXT.blocked);
    show(root, "off");
    if (Notification.permission !== "granted") return;
    registration().then(function (reg) {
      return reg.pushManager.getSubscription();
    }).then(function (subscription) {
      // "0" means the server has none for this device (its data was deleted):
      // offer the button again rather than claim alerts that will not come.
      if (subscription && root.dataset.pushSaved !== "0") show(root, "on", TEXT.on);
    }).catch(function () { /* stay off */ });
  }

  function init() {
    document.querySelectorAll("[data-push]").forEach(setup);
  }

  document.addEventListener("click", function (event) {
    var target = event.target.closest ? event.target : null;
    var on = target && target.closest("[data-push-on]");
    var off = target && target.closest("[data-push-off]");
    if (on) turnOn(on.closest("[data-push]"));
    if (off) turnOff(off.closest("[data-push]"));
  });
  document.addEventListener("DOMContentLoaded", init);
  document.addEventListener("htmx:afterSettle", init);
})();
