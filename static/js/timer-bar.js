// Away from the timer panel: a slim bar while heat or cold is on ("Heat · 17:32
// left", a link to the timer), or on the offline page a line for each timer. Its
// live line says a start and an end, outside any panel a swap could take away.
import { follow, isSkin, load, setText } from "./timer.js";

const NAMES = { cold: "Cold", rest: "Rest your skin" };
const nameOf = (phase) => NAMES[phase] || "Heat";

function bar() {
  const box = document.querySelector("[data-timer-bar]");
  if (!box) return {};
  if (!box.firstElementChild) box.innerHTML = '<a class="timer-bar-link" href="/timer" hidden></a><p class="visually-hidden" role="status"></p>';
  // Shown even when empty: the live line must be on the page before it speaks.
  box.hidden = false;
  return { link: box.firstElementChild, said: box.lastElementChild };
}

// Said once by screen readers: cleared first, so the same words twice are heard twice.
export function say(text) {
  const { said } = bar();
  if (said) said.textContent = "";
  setTimeout(() => said && (said.textContent = text), 100);
}

export function hideBar() {
  const { link } = bar();
  if (link) link.hidden = true;
}

function barView(link, entry) {
  link.innerHTML = '<strong></strong> · <span class="timer-bar-time"></span> left';
  link.classList.remove("is-done");
  link.hidden = false;
  const [name, time] = link.children;
  return {
    show(text, phase) {
      setText(name, nameOf(phase));
      setText(time, text);
    },
    end() {
      const text = `${nameOf(entry.kind)} has ended. Take it off now.`;
      link.innerHTML = '<span class="timer-bar-text"></span>';
      link.firstChild.textContent = text;
      link.classList.add("is-done");
      say(text);
      // Said for two minutes, then gone.
      setTimeout(() => link.textContent === text && (link.hidden = true), 2 * 60 * 1000);
    },
  };
}

function lineView(box, entry) {
  box.insertAdjacentHTML("beforeend", '<p class="timer-mirror-line"><strong></strong> <span class="timer-mirror-time"></span><span></span></p>');
  const [name, time, note] = box.lastElementChild.children;
  name.textContent = entry.title || "Timer";
  note.textContent = isSkin(entry) ? " left" : " until the next reminder";
  return {
    show: (text) => setText(time, text),
    end() {
      setText(time, "0:00");
      setText(note, " Take it off now. Let your skin rest before another session.");
    },
  };
}

// Every page without the panel: the offline page's lines, else the bar.
export function elsewhere() {
  const box = document.querySelector("[data-timer-mirror]");
  const entries = load();
  if (!box) {
    const skin = entries.find((entry) => isSkin(entry) && entry.endsAt);
    const { link } = bar();
    if (link && !skin) link.hidden = true;
    return follow(link && skin ? [[skin, barView(link, skin)]] : []);
  }
  hideBar();
  box.textContent = "";
  follow(entries.map((entry) => [entry, lineView(box, entry)]));
  if (entries.length) box.insertAdjacentHTML("beforeend", '<a href="/timer">Open the timer</a>');
  box.hidden = !entries.length;
  box.classList.add("timer-mirror");
}
