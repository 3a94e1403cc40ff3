// The timer panel: the server's, or, for a start answered on the phone from the
// plan its button carries, the page's blank copy filled in, until the server's
// answer takes its place. Both count down in timer.js.
import { contrastTimes, drop, follow, isSkin, load, running, sameSort, save, setText, stop } from "./timer.js";
import { elsewhere, hideBar, say } from "./timer-bar.js";
import { localTimes } from "./device.js";

const PHASES = { cold: "Cold now", rest: "Rest your skin", heat: "Heat now" };
let followed = null; // the panel counted down now
const iso = (ms) => new Date(ms).toISOString();
const blank = (sort) => document.querySelector(`template[data-timer-blank="${sort}"]`);

function cardView(card, panel) {
  const part = (name) => card.querySelector(`[data-timer-${name}]`);
  return {
    card: true,
    show(text, phase, reminding) {
      setText(part("remaining"), text);
      if (part("phase") && PHASES[phase]) {
        setText(part("phase"), PHASES[phase]);
        part("phase").className = `timer-phase timer-phase-${phase}`;
        card.querySelectorAll("[data-timer-during]").forEach((line) => (line.hidden = line.dataset.timerDuring !== phase));
      }
      if (reminding !== undefined) part("done").hidden = !reminding;
    },
    // Its end ("take it off") or its stop; Done once nothing runs.
    end(done) {
      card.classList.toggle("is-done", done);
      card.querySelectorAll("[data-timer-live], [data-timer-kept], [data-timer-done]").forEach((el) => (el.hidden = true));
      part(done ? "done" : "stopped").hidden = false;
      const gone = `[data-timer-stop="${card.dataset.timerId}"]${done ? ", [data-push]" : ""}`;
      panel.querySelectorAll(gone).forEach((el) => (el.hidden = true));
      if (done || !running().length) panel.querySelector("[data-timer-after]")?.removeAttribute("hidden");
    },
  };
}

// The server's cards, as entries on its clock (data-server-now).
function fromServer(panel) {
  const offset = Date.parse(panel.dataset.serverNow) - Date.now() || 0;
  const ms = (seconds) => (seconds ? Number(seconds) * 1000 : null);
  return [...panel.querySelectorAll("[data-timer]:not([data-local])")].map(({ dataset: d }) => ({
    id: d.timerId, kind: d.kind, title: d.title, sound: d.sound !== "0", offset,
    startedAt: Date.parse(d.startedAt), endsAt: d.endsAt ? Date.parse(d.endsAt) : null,
    interval: ms(d.interval), cold: ms(d.coldPhase), heat: ms(d.heatPhase),
  }));
}

// The server's timers, and beside them the phone's starts it has not answered.
const adopt = (panel) => save([...fromServer(panel), ...load().filter((e) => e.key)]);

// The blank running panel (or movement card) filled in for an entry.
function fill(sort, entry) {
  const root = blank(sort)?.content.firstElementChild.cloneNode(true);
  const card = root?.querySelector("[data-timer]") || root;
  if (!card) return null;
  Object.assign(card.dataset, { timerId: entry.id, kind: entry.kind }, entry.interval && { interval: entry.interval / 1000 });
  card.querySelector("[data-timer-kept]").hidden = !entry.key;
  root.querySelector("form[data-timer-stop]").dataset.timerStop = entry.id;
  root.querySelector('form[data-timer-stop] [name="kind"]').value = entry.kind;
  if (!isSkin(entry)) return root;
  card.classList.add(`timer-${entry.kind}`);
  card.querySelector("h1").textContent = entry.title;
  const { coldOff, heatOn } = contrastTimes(entry);
  for (const [where, ms] of [["end", entry.endsAt], ['during="cold"', coldOff], ['during="rest"', heatOn]]) {
    card.querySelector(`[data-timer-${where}] time`).dateTime = iso(ms);
  }
  if (entry.kind !== "contrast") card.querySelectorAll("[data-timer-phase], [data-timer-during]").forEach((el) => el.remove());
  return root;
}

// Put the device's timers the panel lacks on it, where the server would, and
// count them all down. A running panel replaces the choices (or a relief card).
function show(panel) {
  const holds = (entry) => [...panel.querySelectorAll("[data-timer]")].some((card) => sameSort(card.dataset, entry));
  const mine = load().filter((entry) => !holds(entry));
  const moving = mine.find((entry) => !isSkin(entry));
  const movingCard = (moving && fill("movement", moving)) || panel.querySelector('[data-timer][data-kind="movement"]');
  const fresh = mine.some(isSkin) && fill("skin", mine.find(isSkin));
  if (fresh) panel.replaceWith(fresh);
  panel = fresh || panel;
  if (movingCard && !panel.contains(movingCard)) {
    panel.querySelector('form.timer-start input[value="movement"]')?.closest(".timer-option")?.remove();
    panel.querySelector("details.timer-more, [data-timer-actions]")?.before(movingCard);
  }
  const known = new Map(load().map((entry) => [entry.id, entry]));
  const cards = [...panel.querySelectorAll("[data-timer]")].filter((card) => known.has(card.dataset.timerId));
  follow(cards.map((card) => [known.get(card.dataset.timerId), cardView(card, panel)]));
  localTimes(panel);
  hideBar();
  return (followed = panel);
}

// Just after a start: the countdown in view and the focus on its heading (again
// once other modules have settled), as if the timer's page had just opened.
function reveal(panel, entry) {
  panel.querySelector("h1")?.focus({ preventScroll: true });
  panel.scrollIntoView({ block: "start" });
  requestAnimationFrame(() => panel.isConnected && panel.scrollIntoView({ block: "start" }));
  const minutes = entry && Math.max(1, Math.round((entry.endsAt - entry.startedAt) / 60000));
  if (minutes) say(`${entry.title} started. ${minutes} minute${minutes === 1 ? "" : "s"}.`);
}

// The plan the start carries (per minute up to a bound, for a typed length), or
// null: the server answers.
function planOf(form, fields) {
  const field = (name) => String(fields.find(([key]) => key === name)?.[1] ?? "").trim();
  let plan;
  try { plan = JSON.parse(form.dataset.timerPlan); } catch { return null; }
  const minutes = /^\d{1,3}$/.test(field("minutes")) ? Number(field("minutes")) : 0;
  if (plan.max && !(minutes >= 1 && minutes <= plan.max)) return null;
  return { ...plan, kind: field("kind"), seconds: plan.seconds * (plan.max ? minutes : 1) };
}

function startOnPhone(form, fields) {
  const plan = planOf(form, fields);
  const moving = plan?.kind === "movement";
  const spot = document.querySelector("[data-timer-panel]") || (!moving && document.getElementById("relief-card"));
  // One of each sort at a time: with one already on screen, the server decides.
  const taken = running().some((t) => t.view.card && sameSort(t.entry, plan));
  if (!plan || !spot || taken || !blank(moving ? "movement" : "skin")) return null;
  const at = Date.now();
  const ms = plan.seconds * 1000;
  const entry = {
    id: `local-${at}`, kind: plan.kind, title: plan.title, sound: plan.sound !== false, startedAt: at, offset: 0,
    endsAt: moving ? null : at + ms, interval: moving ? ms : null, cold: plan.cold * 1000 || null, heat: plan.heat * 1000 || null,
  };
  save([...load().filter((e) => !sameSort(e, entry)), entry]);
  const panel = show(spot);
  if (moving) return entry;
  if (location.pathname !== "/timer") history.pushState({ htmx: true }, "", "/timer");
  document.title = `${entry.title} · Spasm`;
  reveal(panel, entry);
  return entry;
}

function keptOnPhone(item, entry) {
  entry.key = item.id;
  save(load().map((e) => (e.id === entry.id ? entry : e)));
  document.querySelector(`[data-timer-id="${entry.id}"] [data-timer-kept]`)?.removeAttribute("hidden");
}

// The server answered a start or a stop: its panel (asked for, if the answer has
// none) takes the place of the phone's.
function settle({ detail: { kind, id, html = "" } }) {
  if (!kind.startsWith("timer-")) return;
  drop((e) => e.key === id);
  const answered = html.includes('id="timer-panel"');
  const panel = document.getElementById("timer-panel");
  if (panel && answered) return htmx.swap(panel, html, { swapStyle: "outerHTML" });
  if (panel) return htmx.ajax("GET", "/timer", { target: "#timer-panel", swap: "outerHTML" });
  const parsed = document.createElement("template");
  parsed.innerHTML = html;
  if (answered) adopt(parsed.content.firstElementChild);
  elsewhere();
}

function init(event, again = false) {
  const panel = document.querySelector("[data-timer-panel]");
  if (!panel) return elsewhere();
  if (panel === followed && !again) return;
  if (!panel.matches("[data-anonymous], [data-local]")) adopt(panel);
  const shown = show(panel);
  // A timer the server started a moment ago, through htmx, is said here.
  const byHtmx = event?.detail?.requestConfig?.verb === "post";
  if (shown.querySelector("h1[autofocus]")) reveal(shown, byHtmx && load().find(isSkin));
}

window.SpasmOutbox?.on("timer-start", { prepare: startOnPhone, kept: keptOnPhone });
window.SpasmOutbox?.on("timer-stop", { prepare: (form) => stop(form.dataset.timerStop) });
document.addEventListener("spasm:outbox-sent", settle);
document.addEventListener("spasm:outbox-refused", settle);
document.addEventListener("htmx:afterSettle", init);
window.addEventListener("pageshow", ({ persisted }) => persisted && init(null, true));
init();
