/** Where the checkout is, whether this runs from the sources (ts-node) or compiled into dist/. */
import { basename, dirname, join } from "path";

/** The checkout's root: this file's folder's parent, or above dist/ when compiled. */
export const REPO_ROOT = ((): string => {
  const up = join(__dirname, "..");
  return basename(up) === "dist" ? dirname(up) : up;
})();
