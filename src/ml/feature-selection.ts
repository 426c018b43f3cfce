import type { Track } from '../core/track.js';
import type { LibraryTrack } from './features.js';

/** The enrichment blocks `--features` can add to the metadata every Spotify app gets. */
export type EnrichmentBlock = 'audio' | 'tags';

export interface FeatureSelection {
  /** As written, e.g. `metadata+audio`. */
  name: string;
  blocks: ReadonlySet<EnrichmentBlock>;
  /** Whether the feature spec needs its enrichment blocks at all. */
  enrichment: boolean;
}

const BLOCKS: readonly EnrichmentBlock[] = ['audio', 'tags'];

/**
 * `metadata`, `all` (every block), or `metadata+` one or more blocks joined by `+`
 * (`metadata+audio`, `metadata+tags`, `metadata+audio+tags`). Undefined when not understood.
 */
export const parseFeatureSelection = (text: string): FeatureSelection | undefined => {
  const parts = text.trim().toLowerCase().split('+');
  let blocks: EnrichmentBlock[];
  if (parts.length === 1 && parts[0] === 'all') blocks = [...BLOCKS];
  else if (parts[0] === 'metadata') {
    const rest = parts.slice(1);
    if (rest.some((p) => !BLOCKS.includes(p as EnrichmentBlock)) || new Set(rest).size !== rest.length)
      return undefined;
    blocks = rest as EnrichmentBlock[];
  } else return undefined;
  return { name: text.trim().toLowerCase(), blocks: new Set(blocks), enrichment: blocks.length > 0 };
};

/** The tracks without the enrichment blocks the selection leaves out (their presence masks read "absent"). */
export const selectEnrichmentBlocks = (
  items: readonly LibraryTrack[],
  selection: FeatureSelection,
): LibraryTrack[] =>
  items.map((item) => {
    const track: Track = { ...item.track };
    if (!selection.blocks.has('audio')) delete track.audioFeatures;
    if (!selection.blocks.has('tags')) delete track.tags;
    return { ...item, track };
  });
