// Lint for the hand-written JavaScript: the page's modules, the plain scripts
// (the outbox and the head script), the service worker, and the engine tier's
// Node tests.
import js from "@eslint/js";
import globals from "globals";

// A block's own `rules` replace the recommended ones, so each names them
// again. The app's own files keep to a size a reader takes in at once.
const rules = {
  ...js.configs.recommended.rules,
  "no-unused-vars": ["error", { caughtErrors: "none" }],
  "max-lines": ["error", { max: 300 }],
  "max-lines-per-function": ["error", { max: 40 }],
};

export default [
  {
    // The page's modules: each imports what it uses.
    files: ["static/js/**/*.js"],
    ignores: ["static/js/outbox.js"],
    ...js.configs.recommended,
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "module",
      globals: { ...globals.browser, htmx: "readonly", SpasmOutbox: "readonly" },
    },
    rules,
  },
  {
    // Plain scripts: the outbox (the service worker loads it too) and the head script.
    files: ["static/js/outbox.js", "static/js-early/**/*.js"],
    ...js.configs.recommended,
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "script",
      // The head script's table is written in by the server (spasm/web/assets.py).
      globals: { ...globals.browser, ...globals.serviceworker, htmx: "readonly", idb: "readonly", EMERGENCY_TABLE: "readonly" },
    },
    rules,
  },
  {
    // The service worker: Workbox's builds, idb, the outbox and this
    // release's data (/sw-data.js) come in by importScripts.
    files: ["static/sw.js"],
    ...js.configs.recommended,
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "script",
      globals: {
        ...globals.serviceworker,
        workbox: "readonly",
        idb: "readonly",
        SpasmOutbox: "readonly",
        SPASM_RELEASE: "readonly",
      },
    },
    rules,
  },
  {
    files: ["tests/engines/**/*.mjs"],
    ...js.configs.recommended,
    // Functions run in the page too: the browser's names and the app's own.
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "module",
      globals: { ...globals.node, ...globals.browser, SpasmOutbox: "readonly" },
    },
  },
];
