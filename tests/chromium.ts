/** Debian's chromium for playwright-core, with the flags this offline machine needs. */
export const CHROMIUM = "/usr/bin/chromium";
/** This machine refuses network: without these Chromium waits on connections it cannot make. */
export const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
