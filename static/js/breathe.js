// The breathing pacer: slow breaths in and out, no hold (the NHS exercise for
// stress). CSS moves the circle; this switches the phase and the cue. Under
// reduced motion the phases run only when the person asks to hear them.
const PHASES = [["Breathe in", "is-in"], ["Breathe out", "is-out"]];
const BREATH_MS = 5000;
const reducedMotion = matchMedia("(prefers-reduced-motion: reduce)");
let current = null; // the pacer running, if any
let timer = null;
let say = null; // speaks each cue, while the person wants them aloud

function show(root, index) {
  if (!root.isConnected) return run(null);
  const [cue, className] = PHASES[index % PHASES.length];
  root.classList.remove(...PHASES.map(([, name]) => name));
  root.classList.add(className);
  const text = root.querySelector("[data-breathe-cue]");
  if (text) text.textContent = cue;
  say?.(cue);
  timer = setTimeout(show, BREATH_MS, root, index + 1);
}

// Runs a pacer from "Breathe in", after `delay` ms or at once; null stops it.
function run(root, delay = 0) {
  clearTimeout(timer);
  timer = null;
  current = root;
  root?.classList.add("is-live");
  if (root && delay) timer = setTimeout(show, delay, root, 0);
  else if (root) show(root, 0);
}

function init() {
  const root = document.querySelector("[data-breathe]");
  if (root === current && timer) return;
  say = null; // a new pacer's voice button starts unpressed
  // Let the small circle paint first, so the first breath in animates.
  run(reducedMotion.matches ? null : root, 50);
}

// Spoken cues (`speak`, or null for none) start at once, inside the tap that
// asked for them: phones speak only from a tap at first.
export function voicePacer(speak) {
  say = speak;
  const root = document.querySelector("[data-breathe]");
  run(say || !reducedMotion.matches ? root : null);
}

init();
document.addEventListener("htmx:load", init);
document.addEventListener("htmx:historyRestore", init);
reducedMotion.addEventListener?.("change", init);
