// What this device is and keeps, in localStorage (or sessionStorage, for this
// visit only). Storage may be blocked: then each page goes on without.
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

// Times in the device's own zone (the server writes UTC): <time data-local> with
// the date, data-local-time the clock alone. Each format is made on first use:
// the locale's data is slow to load, and most pages show no times.
const FORMATS = {
  local: { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit" },
  localTime: { hour: "2-digit", minute: "2-digit" },
};
const formats = {};

export function localTimes(root) {
  for (const time of root.querySelectorAll("time[data-local], time[data-local-time]")) {
    const kind = "local" in time.dataset ? "local" : "localTime";
    const when = new Date(time.dateTime);
    if (isNaN(when)) continue;
    formats[kind] ??= new Intl.DateTimeFormat(undefined, FORMATS[kind]);
    const text = formats[kind].format(when);
    if (time.textContent !== text) time.textContent = text;
    delete time.dataset.local; // done once: the date does not change
  }
}
