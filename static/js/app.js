// Every full page's scripts, in the order they must see the page's events.
import "./offline.js";
import "./emergency-number.js";
import "./install.js";
import "./help.js";
import "./breathe.js";
import "./relief.js";
import "./push.js";
import "./timer-panel.js";
import "./speech.js";
import "./cookie-check.js";
import "./history.js";
import "./prevention.js";
