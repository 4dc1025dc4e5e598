import { sizingTags, type Sizing } from '../design/sizing';

/** A resource's `tags` argument for what it was sized for (src/design/sizing.ts), or nothing when nothing is known. */
export function sizedTags(sizing: Sizing): { tags?: Record<string, string> } {
  const tags = sizingTags(sizing);
  return Object.keys(tags).length ? { tags } : {};
}

/** A store's main resource's tags: its design tags and its sizing. */
export const storeTags = (d: { tags: Record<string, string>; sizing: Sizing }): Record<string, string> => ({ ...d.tags, ...sizingTags(d.sizing) });
