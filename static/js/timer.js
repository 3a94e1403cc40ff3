// The one model every page counts timers down with: an entry {id, kind, title,
// sound, startedAt, endsAt, interval, cold, heat, offset, key} in ms on the
// server's clock (offset: its lead on this device's), worked out from the end on
// every tick, so a locked screen, a reload or no signal never drifts it. A start
// answered on the phone holds its outbox key.
import { write } from "./device.js";
import { alertPerson, keepAwake, readySound } from "./timer-alert.js";

const KEY = "spasm.timers";
// A skin timer is still worth a word ("take it off") this long after its end.
const ENDED_KEPT_MS = 10 * 60 * 1000;
const REMINDER_SHOWN_MS = 2 * 60 * 1000;
// Each moment: the event other modules (read aloud) follow, and what the phone says.
const DONE = ["spasm:timer-done", "Take it off now. Let your skin rest before another session."];
const SWITCH = ["spasm:timer-switch", "Take the cold off now. Let your skin warm up before the heat goes on."];
const HEAT_ON = ["spasm:timer-heat-on", "Put the heat on now, wrapped in a towel."];
const REMINDER = ["spasm:timer-reminder", "Time to change position or take a short walk."];
let memory = []; // the entries, for a page whose storage is off
let timers = []; // those followed: {entry, view, phase, reminders, done}
let ticking = null;

export const isSkin = (entry) => entry.kind !== "movement";
export const sameSort = (a, b) => isSkin(a) === isSkin(b);
export const setText = (el, text) => el && el.textContent !== text && (el.textContent = text);
export const running = () => timers.filter((t) => !t.done);
const clock = (entry) => Date.now() + (entry.offset || 0);
const remindersBy = (entry, at) => Math.max(0, Math.floor((at - entry.startedAt) / entry.interval));

export function load() {
  // Storage off: this page's own copy. (Another page may have removed the key.)
  try { memory = JSON.parse(localStorage.getItem(KEY)) || []; } catch { /* as it was */ }
  return memory.filter((e) => !e.endsAt || clock(e) - e.endsAt < ENDED_KEPT_MS);
}

export function save(entries) {
  memory = entries;
  write(KEY, entries.length && JSON.stringify(entries));
}

export const drop = (gone) => save(load().filter((e) => !gone(e)));

// Minutes and seconds: no timer runs an hour (spasm/rules/timer_bounds.py).
function format(ms) {
  const total = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, "0")}`;
}

// Contrast: cold, a rest so the skin warms up and can feel again, then heat.
// The rest is what cold and heat leave of the length, as on the server.
export function contrastTimes(entry) {
  const coldOff = entry.startedAt + entry.cold;
  return { coldOff, heatOn: Math.max(coldOff, entry.endsAt - (entry.heat || 0)) };
}

function phaseAt(entry, at) {
  if (entry.kind !== "contrast") return { name: entry.kind, endsAt: entry.endsAt };
  const { coldOff, heatOn } = contrastTimes(entry);
  if (at < coldOff) return { name: "cold", endsAt: coldOff };
  return at < heatOn ? { name: "rest", endsAt: heatOn } : { name: "heat", endsAt: entry.endsAt };
}

// Count down these [entry, view] pairs instead of those before. A view (a card,
// the bar, a line) has show(text, phase, reminding) and end(done).
export function follow(pairs) {
  timers = pairs.map(([entry, view]) => ({ entry, view }));
  clearInterval(ticking);
  ticking = timers.length ? setInterval(tick, 250) : null;
  tick();
}

function tick() {
  for (const t of running()) (isSkin(t.entry) ? countDown : remind)(t, clock(t.entry));
  keepAwake(running().some((t) => t.view.card));
}

function countDown(t, at) {
  const phase = phaseAt(t.entry, at);
  // Heat goes on only after the rest: straight from cold to heat (a phone asleep
  // through the rest), the cold comes off first.
  if (t.phase && phase.name !== t.phase && at < t.entry.endsAt) tell(t, phase.name === "rest" || t.phase === "cold" ? SWITCH : HEAT_ON);
  t.phase = phase.name;
  t.view.show(format(phase.endsAt - at), phase.name);
  if (at >= t.entry.endsAt) end(t, DONE);
}

function remind(t, at) {
  const count = remindersBy(t.entry, at);
  if (count > (t.reminders ?? count)) tell(t, REMINDER);
  t.reminders = count;
  const since = (at - t.entry.startedAt) % t.entry.interval;
  t.view.show(format(t.entry.interval - since), null, count > 0 && since < REMINDER_SHOWN_MS);
}

function tell(t, [name, body]) {
  alertPerson(t.entry, body);
  document.dispatchEvent(new CustomEvent(name, { detail: { id: t.entry.id, kind: t.entry.kind } }));
}

// Over: at its end (said to the person), or stopped on this page.
function end(t, said) {
  t.done = true;
  drop((e) => e.id === t.entry.id);
  t.view.end(Boolean(said));
  if (said) tell(t, said);
}

export function stop(id) {
  const found = running().find((t) => t.entry.id === id);
  if (found) end(found);
  return Boolean(found);
}

// Sound may start only in a tap: one on a page with a timer, or a start, readies it.
document.addEventListener("pointerdown", () => {
  if (timers.length || document.querySelector("[data-timer-panel], [data-timer-plan]")) readySound();
}, true);
document.addEventListener("visibilitychange", tick);
