// Reads aloud, in the phone's own voice and the server's words, the relief cards,
// timer moments and, on request, the pacer's cues. Phones let a page speak only
// after a tap: nothing is said before one. One thing at a time; leaving stops it.
import { voicePacer } from "./breathe.js";
import { read, write } from "./device.js";

const KEY = "spasm.readAloud";
const SAID_KEY = "spasm.noVoiceSaid";
const TIMER_KEY = "spasm.timerSpeech";
const VOICE_WAIT_MS = 2000;
const NO_VOICE = "This phone has no voice to read aloud. Follow the steps on screen.";
const WAITING = "Tap the screen once so the phone can speak.";
// Each timer moment's line in data-speech-timer (null: the timer's kind).
const TIMER_LINES = { done: null, switch: "switch", "heat-on": "heat-on", reminder: "movement" };
const synth = window.speechSynthesis;
const html = document.documentElement;
let tapped = false; // a tap on this page has let it speak
let pending = ""; // what waits for that tap
let voiceCheck = null;
let noVoiceHere = false; // the "no voice" note is on this page

const all = (selector, each) => document.querySelectorAll(selector).forEach(each);
const enabled = () => read(KEY) === "on";
const language = (tag) => String(tag || "").toLowerCase().replace("_", "-");
const voices = () => synth.getVoices() || [];
const setStatus = (text) => all("[data-speech-status]", (el) => el.textContent !== text && (el.textContent = text));

// A voice for the page's language, the phone's own accent of it first.
function pickVoice() {
  const page = language(html.lang || "en").split("-")[0];
  const fits = voices().filter((voice) => language(voice.lang).split("-")[0] === page);
  return fits.find((voice) => language(voice.lang) === language(navigator.language)) ||
    fits.find((voice) => voice.localService) || fits[0] || null;
}

// Voices may come late, or never: after a wait the page says so, once a visit,
// and still tries. <html data-voices-checked> marks that the wait is over.
function voicesChecked() {
  clearTimeout(voiceCheck);
  voiceCheck = null;
  html.dataset.voicesChecked = "";
}

function checkVoices() {
  const said = () => noVoiceHere || read(SAID_KEY, true) === "1";
  if (voiceCheck) return;
  if (said() || voices().length) return voicesChecked();
  delete html.dataset.voicesChecked;
  voiceCheck = setTimeout(() => {
    if (!voices().length && !said()) {
      noVoiceHere = true;
      write(SAID_KEY, "1", true);
      setStatus(NO_VOICE);
    }
    voicesChecked();
  }, VOICE_WAIT_MS);
}

function speakNow(text) {
  const voice = pickVoice();
  const utterance = Object.assign(new SpeechSynthesisUtterance(text), { lang: voice?.lang || html.lang || "en", rate: 0.95 });
  if (voice) try { utterance.voice = voice; } catch { /* the language alone will do */ }
  synth.cancel();
  synth.speak(utterance);
  if (text) checkVoices();
}

// Now, or at the first tap if the page has had none.
function say(text) {
  if (tapped) return speakNow(text);
  pending = text;
  setStatus(WAITING);
}

function silence() {
  pending = "";
  synth.cancel();
}

// A card's own words, or else its step, title and what to do, each a sentence.
function cardText() {
  const card = document.getElementById("relief-card");
  const squeeze = (text) => (text || "").replace(/\s+/g, " ").trim();
  const sentence = (el) => squeeze(el?.textContent).replace(/[^.!?]$/, "$&.");
  const parts = [".relief-progress", "#relief-title", ".lead"].map((s) => sentence(card?.querySelector(s)));
  return card ? squeeze(card.dataset.speechText) || parts.filter(Boolean).join(" ") : "";
}

// A timer ends on whatever page is open: one with no timer card uses the words
// the last card carried.
const timerLines = () => document.querySelector("[data-speech-timer]")?.dataset.speechTimer;
function timerLine(key) {
  try {
    const found = JSON.parse(timerLines() || read(TIMER_KEY))?.[key];
    return typeof found === "string" ? found : "";
  } catch { return ""; }
}

// The controls show the choice; the device keeps the timer's words.
function sync() {
  const on = enabled();
  if (timerLines()) write(TIMER_KEY, timerLines());
  all("[data-speech]", (bar) => {
    bar.hidden = false;
    bar.querySelector("[data-speech-start]").hidden = on;
    bar.querySelector("[data-speech-stop]").hidden = !on;
  });
  all("[data-pacer-voice]", (button) => (button.hidden = false));
  if (!on || tapped) setStatus(noVoiceHere && on ? NO_VOICE : "");
}

function togglePacer(button) {
  const on = button.getAttribute("aria-pressed") !== "true";
  button.setAttribute("aria-pressed", String(on));
  if (!on) silence();
  voicePacer(on ? speakNow : null);
}

// On reads the card (or the bar's words); off silences all, the pacer too.
function toggle(bar, on) {
  write(KEY, on && "on");
  if (!on) silence();
  if (!on) all('[data-pacer-voice][aria-pressed="true"]', togglePacer);
  sync();
  bar?.querySelector(on ? "[data-speech-stop]" : "[data-speech-start]")?.focus();
  if (on) speakNow(cardText() || bar?.dataset.speechOn || "");
}

function onClick(event) {
  const control = event.target.closest?.("[data-speech-start], [data-speech-stop], [data-pacer-voice]");
  if (!tapped && event.isTrusted) {
    tapped = true;
    // Another tap than a control's says what waited, or nothing: that readies
    // speech on phones that allow it only in a tap.
    if (!control && enabled()) speakNow(pending);
    pending = "";
    sync();
  }
  if (control?.hasAttribute("data-pacer-voice")) togglePacer(control);
  else if (control) toggle(control.closest("[data-speech]"), control.hasAttribute("data-speech-start"));
}

if (synth && window.SpeechSynthesisUtterance) { // otherwise the controls stay hidden
  sync();
  if (enabled()) say(cardText()); // no tap yet: it waits for one
  document.addEventListener("htmx:afterSettle", (event) => {
    sync();
    if (enabled() && event.detail?.target?.id === "relief-card" && cardText()) say(cardText());
  });
  document.addEventListener("click", onClick, true);
  for (const [name, line] of Object.entries(TIMER_LINES)) {
    document.addEventListener(`spasm:timer-${name}`, (event) => {
      const text = enabled() && tapped && timerLine(line || event.detail?.kind);
      if (text) speakNow(text);
    });
  }
  window.addEventListener("pagehide", silence);
  synth.addEventListener?.("voiceschanged", () => voices().length && voiceCheck && voicesChecked());
}
