// Keeps the number chosen in settings on the device. A personal page says it
// in <meta> ("" for no choice: the phone's time zone decides); the shared
// pages, the red flags cached for no signal among them, cannot, so the head script
// (static/js-early/emergency-number.js) reads this copy there.
import { write } from "./device.js";

write("spasm.emergencyTable", ""); // the table once stored here comes with the head script now
const meta = document.querySelector('meta[name="spasm-emergency-number"]');
if (meta) {
  write("spasm.emergencyNumber", meta.content.replace(/[^0-9+*#]/g, "").slice(0, 16));
  write("spasm.emergencyRegion", (meta.dataset.region || "").replace(/[^a-z]/g, ""));
}
