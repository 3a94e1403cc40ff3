// Lint for the hand-written JavaScript: the page's scripts (plain scripts
// joined into one bundle, so they share one global scope), the head script,
// and the engine tier's Node tests.
import js from "@eslint/js";
import globals from "globals";

export default [
  {
    files: ["static/js/**/*.js", "static/js-early/**/*.js"],
    ...js.configs.recommended,
    languageOptions: {
      ecmaVersion: 2020,
      sourceType: "script",
      globals: { ...globals.browser, ...globals.serviceworker, htmx: "readonly" },
    },
    // ES5's catch needs a name even where the error is not read.
    rules: { "no-unused-vars": ["error", { caughtErrors: "none" }] },
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
