// The red-flag page's scripts: only what keeps it working offline, the
// "I'm stuck" text and the offer to install. The head script puts in the number.
import "./offline.js";
import "./install.js";
import "./help.js";
