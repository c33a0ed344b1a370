/**
 * Imported first by `eslint.config.js`, before `eslint-plugin-svelte` loads its parser: turns on svelte-eslint-parser's
 * `ts.sys` hook, so that TypeScript reads a component's virtual TypeScript (what the parser hands ESLint) instead of
 * its `.svelte` source. Without it typescript-eslint finds every component changed and rebuilds its program for each
 * one (sveltejs/eslint-plugin-svelte#1552): ESLint over this tree took 100 s (134 CPU s) with it off and 53 s (77)
 * with it on, the same problems found (docs/testing.md). The parser calls the hook experimental and says so once per
 * run on stderr; `SVELTE_ESLINT_PARSER_EXPERIMENTAL_TS_SYS_HOOK=0` turns it off.
 */
process.env.SVELTE_ESLINT_PARSER_EXPERIMENTAL_TS_SYS_HOOK ??= '1';
