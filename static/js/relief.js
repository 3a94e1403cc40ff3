// The relief flow's forms and card swaps. Its writes go through the outbox: the
// next card shows at once (the service worker's copy with no signal), the write follows.

// A datetime-local value is wall-clock time: the server needs its UTC offset at
// that moment (daylight saving may differ from today's).
function fillOffset(form) {
  const offset = form.querySelector("[data-tz-offset]");
  if (!offset) return;
  const picked = new Date(form.querySelector('input[type="datetime-local"]')?.value || Date.now());
  offset.value = String((isNaN(picked) ? new Date() : picked).getTimezoneOffset());
}

// Added before the outbox's own (on DOMContentLoaded): the offset is in the form before it is kept.
document.addEventListener("submit", ({ target }) => target instanceof HTMLFormElement && fillOffset(target), true);
document.addEventListener("change", ({ target: { form } }) => {
  if (!form) return;
  fillOffset(form);
  // "None of these" waits, in place, while a sign is ticked: they would disagree.
  const none = form.matches("[data-safety-check]") && form.querySelector("[data-check-none]");
  if (none) none.disabled = !!form.querySelector('input[name="sign"]:checked');
});
// htmx's copy of the page for Back keeps no ticks, so no held "None of these".
document.addEventListener("htmx:beforeHistorySave", () => {
  document.querySelectorAll("[data-check-none]").forEach((none) => (none.disabled = false));
});
// A screen reader starts reading a new card at its heading, not lost.
document.addEventListener("htmx:afterSettle", ({ detail }) => {
  if (!["relief-card", "start"].includes(detail?.target?.id)) return;
  document.querySelector("#relief-card h1, #start h1")?.focus({ preventScroll: true });
});

// The next card, where the form's answer would have gone, from this page if it
// carries it (home carries the first). htmx would file it in its history under
// the last address it pushed: the card opts out, and Back asks for it.
async function showNext(form, url) {
  const target = document.querySelector(form.getAttribute("hx-target") || "#relief-card");
  const carried = document.querySelector(`template[data-first-card="${url}"]`);
  if (!target) return location.assign(url);
  if (carried) {
    htmx.swap(target, carried.innerHTML, { swapStyle: "outerHTML" });
    const heading = document.getElementById("relief-title");
    if (heading) document.title = `${heading.textContent} · Spasm`;
    scrollTo(0, 0);
    heading?.focus({ preventScroll: true });
  } else {
    await htmx.ajax("GET", url, { target, swap: "outerHTML show:window:top" });
  }
  if (location.pathname === url) return;
  document.getElementById("relief-card")?.setAttribute("hx-history", "false");
  history.replaceState({ htmx: true }, "", location.href);
  history.pushState({ htmx: true }, "", url);
}

// The most urgent level a screen of the check calls for, from the server's table
// (spasm/rules/red_flags.py): {order, answers: {question: {answer: level}}}.
// Ticked signs take the tapped answer ("unsure" for None of these); Yes or Not
// sure with none ticked counts for every sign shown. Undefined: no table.
function routeSafety(form, fields) {
  let table;
  try { table = JSON.parse(form.dataset.routing); } catch { return undefined; }
  if (!table?.answers || !table.order) return undefined;
  const tapped = new Map(fields).get("answer");
  const answer = ["unsure", "none"].includes(tapped) ? "unsure" : "yes";
  let ticked = fields.filter(([name]) => name === "sign").map(([, value]) => value);
  if (!ticked.length && ["yes", "unsure"].includes(tapped)) {
    ticked = [...form.querySelectorAll('input[name="sign"]')].map((box) => box.value);
  }
  const levels = new Set(ticked.map((question) => table.answers[question]?.[answer]));
  return table.order.find((level) => levels.has(level)) ?? null;
}

// Moving on to the next card: starting an episode, the onset.
const moveOn = {
  prepare(form) {
    const then = form.dataset.then;
    if (!then) return null;
    showNext(form, then);
    return true;
  },
};

const handlers = {
  episode: moveOn,
  onset: moveOn,
  "safety-check": {
    prepare(form, fields) {
      const level = routeSafety(form, fields);
      if (level === undefined) return null;
      if (level) return { leaveTo: `${form.dataset.redFlags}#${level}` };
      showNext(form, form.dataset.then);
      return { leaveTo: null };
    },
    // Leave only once the answers are safely kept.
    kept: (item, { leaveTo }) => leaveTo && location.assign(leaveTo),
  },
  // A pain score: "kept" at once, "saved" once the server has it.
  "check-in": {
    prepare(form, fields) {
      const pain = new Map(fields).get("pain");
      if (pain === undefined) return null;
      form.insertAdjacentHTML("afterend", '<div class="checkin-saved card" role="status" data-checkin-kept><p class="lead">' +
        "<strong></strong></p><p>It is on this phone and will be saved when there is signal.</p></div>");
      const box = form.nextElementSibling;
      box.querySelector("strong").textContent = `Kept: ${pain} out of 10.`;
      form.remove();
      return box;
    },
    kept: (item, box) => (box.dataset.checkinKept = item.id),
  },
};
for (const [kind, handler] of Object.entries(handlers)) window.SpasmOutbox?.on(kind, handler);

document.addEventListener("spasm:outbox-sent", ({ detail }) => {
  if (detail.kind !== "check-in") return;
  // As the server's answer to htmx says: a chart of the episode may refresh.
  htmx.trigger(document.body, "checkin-saved");
  const box = document.querySelector(`[data-checkin-kept="${detail.id}"]`);
  if (!box) return;
  if (detail.html?.includes("checkin-saved")) htmx.swap(box, detail.html, { swapStyle: "outerHTML" });
  else box.lastChild.textContent = "It is saved.";
});
