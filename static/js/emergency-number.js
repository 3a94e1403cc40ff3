// Keeps the number chosen in settings on the device, from a personal page's
// <meta> ("" for no choice: the phone's time zone decides), for the head script
// (static/js-early/emergency-number.js) on the shared pages.
import { write } from "./device.js";

write("spasm.emergencyTable", ""); // the table once stored here comes with the head script now
const meta = document.querySelector('meta[name="spasm-emergency-number"]');
if (meta) {
  write("spasm.emergencyNumber", meta.content.replace(/[^0-9+*#]/g, "").slice(0, 16));
  write("spasm.emergencyRegion", (meta.dataset.region || "").replace(/[^a-z]/g, ""));
}
