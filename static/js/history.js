// Recovery log: times in the phone's own time zone (the server only knows
// UTC), a Print button on the clinician summary, and notes kept offline.
import { localTimes } from "./device.js";

htmx.onLoad((root) => {
  localTimes(root);
  root.querySelectorAll("[data-print]").forEach((button) => (button.hidden = false));
});
document.addEventListener("click", ({ target }) => target.closest?.("[data-print]") && print());

// A note or a medicine goes through the outbox: shown at once, marked as kept
// on this phone, until the server's list replaces it.
const html = (markup) => document.createRange().createContextualFragment(markup).firstChild;

function showKept(section, kind, body) {
  if (!section.querySelector(".note-list")) {
    // "Nothing written yet." makes way for the list.
    section.querySelector("h2 + p.muted")?.remove();
    section.querySelector("h2").after(html('<ul class="note-list"></ul>'));
  }
  const item = html(
    `<li class="note note-${kind} note-kept" data-note-kept><span class="note-meta muted">` +
      `${kind === "medicine" ? "Medicine" : "Note"}, just now</span> <span class="note-body"></span></li>`,
  );
  item.lastChild.textContent = body;
  section.querySelector(".note-list").append(item);
  if (!section.querySelector("[data-note-status]")) {
    section.querySelector("details").before(html('<p class="notice" role="status" data-note-status></p>'));
  }
  section.querySelector("[data-note-status]").textContent = "Kept on this phone. It will be sent when there is signal.";
  return item;
}

window.SpasmOutbox?.on("note", {
  prepare(form, fields) {
    const values = new Map(fields);
    const kind = values.get("kind");
    const body = values.get("body")?.trim();
    const section = form.closest("section.notes");
    // Something to correct: the server says what, as it does without the outbox.
    if (!body || !["note", "medicine"].includes(kind) || !section) return null;
    const item = showKept(section, kind, body);
    form.reset();
    return item;
  },
  kept: (item, shown) => (shown.dataset.noteKept = item.id),
});

// Saved: the server's list (with "Saved.") replaces the section; notes still
// waiting stay below it.
document.addEventListener("spasm:outbox-sent", ({ detail }) => {
  if (detail.kind !== "note") return;
  const shown = document.querySelector(`[data-note-kept="${detail.id}"]`);
  const named = /id="(notes-\d+)"/.exec(detail.html ?? "")?.[1];
  const section = shown ? shown.closest("section.notes") : named && document.getElementById(named);
  if (named && named === section?.id) {
    const waiting = [...section.querySelectorAll("[data-note-kept]")].filter((item) => item !== shown);
    htmx.swap(section, detail.html, { swapStyle: "outerHTML" });
    document.querySelector(`#${named} .note-list`)?.append(...waiting);
  } else if (shown && section) {
    shown.removeAttribute("data-note-kept");
    shown.classList.remove("note-kept");
    const status = section.querySelector("[data-note-status]");
    if (status) status.textContent = "Saved.";
  }
});
