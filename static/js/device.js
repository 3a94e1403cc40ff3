// What this device is and keeps. Its own copies are in localStorage (or
// sessionStorage, for this visit only); storage may be blocked, and then
// nothing is read or kept and each page goes on without.
const area = (visit) => (visit ? sessionStorage : localStorage);

export function read(key, visit = false) {
  try { return area(visit).getItem(key); } catch { return null; }
}

export function readJson(key) {
  try { return JSON.parse(read(key)); } catch { return null; }
}

// No value (null, "" or 0) removes the key.
export function write(key, value, visit = false) {
  try {
    if (value) area(visit).setItem(key, value);
    else area(visit).removeItem(key);
  } catch { /* blocked */ }
}

// iPadOS presents itself as a Mac, but a Mac has no touch screen.
export const isApple = () =>
  /iPhone|iPad|iPod/.test(navigator.userAgent) || (/Macintosh/.test(navigator.userAgent) && navigator.maxTouchPoints > 1);

// Opened from the home screen, as an installed app.
export const standalone = () => navigator.standalone === true || matchMedia("(display-mode: standalone)").matches;
