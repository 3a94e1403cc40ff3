// Read aloud: the relief flow's cards, the timer's end and, on request, the
// breathing pacer's cues, in the phone's own voice (the Web Speech API).
//
// The words come from the server: a relief card's in its data-speech-text
// (what to do, for a person who cannot look at the screen), the timer's in
// data-speech-timer on the timer card. Only a card without them is read from
// its own text.
//
// Phones only let a page speak after a tap on it, so nothing is said before
// the first tap: a card that appears before then waits for it. One thing is
// said at a time (cancel before speak), and leaving the page stops it. The
// choice to read aloud is kept on this device.
(function () {
  "use strict";

  var KEY = "spasm.readAloud";
  var VOICE_WAIT_MS = 2000;
  var NO_VOICE = "This phone has no voice to read aloud. Follow the steps on screen.";
  var WAITING = "Tap the screen once so the phone can speak.";
  var SAID_KEY = "spasm.noVoiceSaid";
  var TIMER_KEY = "spasm.timerSpeech";

  var synth = window.speechSynthesis;
  var Utterance = window.SpeechSynthesisUtterance;
  if (!synth || !Utterance) return; // the controls stay hidden

  var tapped = false; // a tap on this page has let it speak
  var pending = "";   // what waits for that first tap
  var voiceCheck = null;
  var noVoiceHere = false; // the "no voice" note is on this page

  function enabled() {
    try { return localStorage.getItem(KEY) === "on"; } catch (error) { return false; }
  }

  function setEnabled(on) {
    try {
      if (on) localStorage.setItem(KEY, "on");
      else localStorage.removeItem(KEY);
    } catch (error) { /* storage blocked: it stays on for this page only */ }
  }

  function setStatus(text) {
    document.querySelectorAll("[data-speech-status]").forEach(function (status) {
      if (status.textContent !== text) status.textContent = text;
    });
  }

  // ---- Voices: they may arrive late, or never ----

  function language(tag) {
    return String(tag || "").toLowerCase().replace("_", "-");
  }

  // A voice for the page's language, the phone's own accent of it first.
  function pickVoice() {
    var voices = synth.getVoices() || [];
    var page = language(document.documentElement.lang || "en").split("-")[0];
    var phone = language(navigator.language);
    var fits = voices.filter(function (voice) { return language(voice.lang).split("-")[0] === page; });
    return fits.filter(function (voice) { return language(voice.lang) === phone; })[0] ||
      fits.filter(function (voice) { return voice.localService; })[0] ||
      fits[0] || null;
  }

  function noVoiceSaid() {
    try { return sessionStorage.getItem(SAID_KEY) === "1"; } catch (error) { return noVoiceHere; }
  }

  function checkVoices() {
    if (voiceCheck || noVoiceSaid() || (synth.getVoices() || []).length) return;
    voiceCheck = setTimeout(function () {
      voiceCheck = null;
      if ((synth.getVoices() || []).length || noVoiceSaid()) return;
      // Said once a visit; speech is still tried, in case a voice turns up.
      noVoiceHere = true;
      try { sessionStorage.setItem(SAID_KEY, "1"); } catch (error) { /* said on this page only */ }
      setStatus(NO_VOICE);
    }, VOICE_WAIT_MS);
  }

  function onVoicesChanged() {
    if ((synth.getVoices() || []).length && voiceCheck) {
      clearTimeout(voiceCheck);
      voiceCheck = null;
    }
  }

  // ---- Speaking ----

  function speakNow(text) {
    var utterance = new Utterance(text);
    var voice = pickVoice();
    utterance.lang = voice ? voice.lang : (document.documentElement.lang || "en");
    if (voice) {
      try { utterance.voice = voice; } catch (error) { /* the language alone will do */ }
    }
    utterance.rate = 0.95;
    synth.cancel();
    synth.speak(utterance);
    if (text) checkVoices();
  }

  // Say something now, or at the first tap if the page has had none.
  function say(text) {
    if (!text) return;
    if (!tapped) {
      pending = text;
      setStatus(WAITING);
      return;
    }
    speakNow(text);
  }

  function silence() {
    pending = "";
    synth.cancel();
  }

  // ---- What a card says: its step number, title and what to do ----

  function sentence(el) {
    var text = el ? el.textContent.replace(/\s+/g, " ").trim() : "";
    return text && !/[.!?]$/.test(text) ? text + "." : text;
  }

  function cardText() {
    var card = document.getElementById("relief-card");
    if (!card) return "";
    var given = (card.getAttribute("data-speech-text") || "").replace(/\s+/g, " ").trim();
    if (given) return given;
    return [".relief-progress", "#relief-title", ".lead"].map(function (selector) {
      return sentence(card.querySelector(selector));
    }).filter(Boolean).join(" ");
  }

  // ---- What a timer says ----
  //
  // A timer ends on whatever page is open. A page with no timer card uses
  // the words the last one on this device carried: every start goes through
  // a page with a card, so they are kept before any timer can end.

  function keepTimerLines() {
    var bar = document.querySelector("[data-speech-timer]");
    var lines = bar && bar.getAttribute("data-speech-timer");
    if (!lines) return;
    try {
      if (localStorage.getItem(TIMER_KEY) !== lines) localStorage.setItem(TIMER_KEY, lines);
    } catch (error) { /* storage blocked: this page still has them */ }
  }

  function timerLine(key) {
    var bar = document.querySelector("[data-speech-timer]");
    var lines = bar && bar.getAttribute("data-speech-timer");
    if (!lines) {
      try { lines = localStorage.getItem(TIMER_KEY); } catch (error) { lines = null; }
    }
    try {
      var found = JSON.parse(lines || "{}")[key];
      return typeof found === "string" ? found : "";
    } catch (error) { return ""; }
  }

  // ---- The controls ----

  function sync() {
    var on = enabled();
    document.querySelectorAll("[data-speech]").forEach(function (bar) {
      bar.hidden = false;
      bar.querySelector("[data-speech-start]").hidden = on;
      bar.querySelector("[data-speech-stop]").hidden = !on;
    });
    document.querySelectorAll("[data-pacer-voice]").forEach(function (button) { button.hidden = false; });
    if (!on || tapped) setStatus(noVoiceHere && on ? NO_VOICE : "");
  }

  function focusSwapped(bar, selector) {
    var button = bar && bar.querySelector(selector);
    if (button) button.focus();
  }

  function start(button) {
    setEnabled(true);
    sync();
    focusSwapped(button.closest("[data-speech]"), "[data-speech-stop]");
    speakNow(cardText() || button.closest("[data-speech]").getAttribute("data-speech-on") || "");
  }

  function stop(button) {
    setEnabled(false);
    silence();
    document.querySelectorAll('[data-pacer-voice][aria-pressed="true"]').forEach(togglePacer);
    sync();
    focusSwapped(button.closest("[data-speech]"), "[data-speech-start]");
  }

  function togglePacer(button) {
    var on = button.getAttribute("aria-pressed") !== "true";
    button.setAttribute("aria-pressed", on ? "true" : "false");
    if (!on) silence();
    document.dispatchEvent(new CustomEvent("spasm:pacer-voice", { detail: { on: on } }));
  }

  function onClick(event) {
    var control = event.target.closest &&
      event.target.closest("[data-speech-start], [data-speech-stop], [data-pacer-voice]");
    if (!tapped && event.isTrusted) {
      tapped = true;
      var waiting = pending;
      pending = "";
      // A tap on a control decides for itself what to say. Any other tap
      // says what waited; with nothing waiting, an empty utterance readies
      // speech on phones that only allow it inside a tap.
      if (!control && enabled()) speakNow(waiting);
      sync();
    }
    if (!control) return;
    if (control.hasAttribute("data-speech-start")) start(control);
    else if (control.hasAttribute("data-speech-stop")) stop(control);
    else togglePacer(control);
  }

  // ---- When something appears, or the timer speaks ----

  function onLoad() {
    sync();
    keepTimerLines();
    if (!enabled()) return;
    var text = cardText();
    if (text) say(text);
    else if (document.querySelector("[data-speech]")) setStatus(WAITING);
  }

  function onSwap(event) {
    sync();
    keepTimerLines();
    var target = event.detail && event.detail.target;
    if (enabled() && target && target.id === "relief-card") say(cardText());
  }

  function onTimer(line) {
    return function (event) {
      if (!enabled() || !tapped) return;
      var detail = event.detail || {};
      var text = timerLine(line || detail.kind);
      if (text) speakNow(text);
    };
  }

  function onBreath(event) {
    var pacer = document.querySelector('[data-pacer-voice][aria-pressed="true"]');
    if (pacer && event.detail && event.detail.cue) speakNow(event.detail.cue);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", onLoad);
  } else {
    onLoad();
  }
  document.addEventListener("htmx:afterSettle", onSwap);
  document.addEventListener("click", onClick, true);
  document.addEventListener("spasm:timer-done", onTimer(null));
  document.addEventListener("spasm:timer-switch", onTimer("switch"));
  document.addEventListener("spasm:timer-heat-on", onTimer("heat-on"));
  document.addEventListener("spasm:timer-reminder", onTimer("movement"));
  document.addEventListener("spasm:breathe-phase", onBreath);
  window.addEventListener("pagehide", silence);
  if (synth.addEventListener) synth.addEventListener("voiceschanged", onVoicesChanged);
})();
