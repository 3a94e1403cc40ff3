// Prevention exercises: a countdown for holds and a counter for repetitions.
// Without JavaScript the buttons stay hidden and the text gives the count.
const BUTTONS = "[data-hold-seconds], [data-reps]";

function startHold(button) {
  const display = button.parentElement.querySelector("[data-hold-display]");
  const endsAt = Date.now() + parseInt(button.dataset.holdSeconds, 10) * 1000;
  button.disabled = true;
  const tick = () => {
    const left = Math.max(0, Math.ceil((endsAt - Date.now()) / 1000));
    display.textContent = left > 0 ? `${left} seconds left` : "Done. Rest, then go again if it felt fine.";
    if (left > 0) setTimeout(tick, 250);
    else button.disabled = false;
  };
  tick();
}

function countRep(button) {
  const display = button.parentElement.querySelector("[data-rep-display]");
  const reps = parseInt(button.dataset.reps, 10);
  const perSide = button.dataset.perSide === "1";
  const total = perSide ? reps * 2 : reps;
  // After the last one, the count starts again.
  const done = (parseInt(button.dataset.done ?? "0", 10) % total) + 1;
  button.dataset.done = done;
  const side = perSide ? (done <= reps ? " (first side)" : " (second side)") : "";
  display.textContent = done >= total ? `All ${total} done. Well done.` : `${done} of ${total}${side}`;
}

document.addEventListener("click", ({ target }) => {
  const button = target.closest?.(BUTTONS);
  if (button) (button.hasAttribute("data-hold-seconds") ? startHold : countRep)(button);
});
htmx.onLoad((root) => root.querySelectorAll(BUTTONS).forEach((button) => (button.hidden = false)));
