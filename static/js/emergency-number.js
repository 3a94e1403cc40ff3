// Keeps the number chosen in settings on the device. A personal page says it
// in <meta> ("" for no choice: the phone's time zone decides); the shared
// pages, the red flags kept offline among them, cannot, so the head script
// (static/js-early/emergency-number.js) reads this copy there.
function keep(key, value) {
  try {
    if (value) localStorage.setItem(key, value);
    else localStorage.removeItem(key);
  } catch { /* storage blocked: shared pages go by the time zone */ }
}

// The number table once kept here now comes with the head script.
keep("spasm.emergencyTable", "");
const meta = document.querySelector('meta[name="spasm-emergency-number"]');
if (meta) {
  keep("spasm.emergencyNumber", meta.content.replace(/[^0-9+*#]/g, "").slice(0, 16));
  keep("spasm.emergencyRegion", (meta.dataset.region || "").replace(/[^a-z]/g, ""));
}
