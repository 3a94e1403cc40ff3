// The breathing pacer: slow breaths in and out, with no hold (the NHS
// breathing exercise for stress), moving the circle and changing the words.
// CSS draws the movement; this only switches the phase class and the cue.
// Under reduced motion nothing moves: the steps in words show instead, and
// the phases only run when the person asks for them to be spoken.
(function () {
  "use strict";

  var PHASES = [
    { cue: "Breathe in", className: "is-in", ms: 5000 },
    { cue: "Breathe out", className: "is-out", ms: 5000 },
  ];
  var reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)");
  var current = null;
  var timer = null;
  var voiced = false; // the cues are spoken (44-speech.js says them)

  function stop() {
    clearTimeout(timer);
    timer = null;
    current = null;
  }

  function show(root, index) {
    if (!root.isConnected) { stop(); return; }
    var phase = PHASES[index % PHASES.length];
    var cue = root.querySelector("[data-breathe-cue]");
    PHASES.forEach(function (p) { root.classList.remove(p.className); });
    root.classList.add(phase.className);
    if (cue) cue.textContent = phase.cue;
    if (voiced) document.dispatchEvent(new CustomEvent("spasm:breathe-phase", { detail: { cue: phase.cue } }));
    timer = setTimeout(function () { show(root, index + 1); }, phase.ms);
  }

  function init() {
    var root = document.querySelector("[data-breathe]");
    if (root === current && timer) return;
    stop();
    if (!root) { voiced = false; return; }
    if (reducedMotion.matches && !voiced) return;
    current = root;
    root.classList.add("is-live");
    // Let the small circle paint first, so the first breath in animates.
    timer = setTimeout(function () { show(root, 0); }, 50);
  }

  // Spoken cues start again from "Breathe in", at once, inside the tap that
  // asked for them (phones only speak from a tap at first).
  function onVoice(event) {
    voiced = Boolean(event.detail && event.detail.on);
    var root = document.querySelector("[data-breathe]");
    stop();
    if (!root) return;
    if (!voiced && reducedMotion.matches) return;
    current = root;
    root.classList.add("is-live");
    show(root, 0);
  }

  document.addEventListener("DOMContentLoaded", init);
  document.addEventListener("htmx:load", init);
  document.addEventListener("htmx:historyRestore", init);
  document.addEventListener("spasm:pacer-voice", onVoice);
  if (reducedMotion.addEventListener) reducedMotion.addEventListener("change", init);
})();
