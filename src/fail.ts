/**
 * A broken invariant between layers (a renderer given a design it cannot
 * render): a bug in Blueprint, never a blueprint mistake, which the loader
 * reports with its file and line before anything is rendered.
 */
export function fail(message: string): never {
  throw new Error(message);
}
