// How a timer reaches the person: a beep, a buzz and a notification at each of
// its moments, and a screen kept awake while a countdown is on it.
let audio = null;
let lock = null;
let asking = false;
let wanted = false;

// Made (or resumed) from a tap, the only time a page may start sound.
export function readySound() {
  try {
    audio ||= new (window.AudioContext || window.webkitAudioContext)();
    if (audio.state === "suspended") audio.resume().catch(() => {});
  } catch { /* no sound on this device */ }
  return audio;
}

// Three short beeps from one tone.
function beep() {
  try {
    const context = readySound();
    const [tone, gain, now] = [context.createOscillator(), context.createGain(), context.currentTime];
    tone.frequency.value = 880;
    for (const at of [now, now + 0.4, now + 0.8]) {
      gain.gain.setValueAtTime(0.0001, at);
      gain.gain.exponentialRampToValueAtTime(0.4, at + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.3);
    }
    tone.connect(gain).connect(context.destination);
    tone.start(now);
    tone.stop(now + 1.1);
  } catch { /* no sound on this device */ }
}

export function alertPerson({ sound, title }, body) {
  if (sound) beep();
  try { navigator.vibrate?.([400, 200, 400, 200, 400]); } catch { /* no vibration here */ }
  if (window.Notification?.permission !== "granted") return;
  const options = { body, tag: "spasm-timer" };
  try {
    new Notification(title || "Timer", options);
  } catch {
    // Android only allows notifications through the service worker.
    navigator.serviceWorker?.getRegistration().then((found) => found?.showNotification(title, options)).catch(() => {});
  }
}

// Asked for while wanted and in view (the browser lets it go when the page is hidden).
export function keepAwake(want) {
  wanted = want && document.visibilityState === "visible";
  if (wanted && !lock && !asking && navigator.wakeLock) {
    asking = true;
    navigator.wakeLock.request("screen").then((sentinel) => {
      lock = sentinel;
      sentinel.addEventListener("release", () => lock === sentinel && (lock = null));
    }).catch(() => {}).finally(() => {
      asking = false;
      // The timer may have ended while the request was on its way.
      if (!wanted) keepAwake(false);
    });
  } else if (!wanted && lock) {
    lock.release().catch(() => {});
    lock = null;
  }
}
