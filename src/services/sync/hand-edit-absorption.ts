import {
  detectHandEdits,
  labelFromHandEdits,
  removalAnswers,
  type DetectedHandEdit,
} from '../../core/hand-edits.js';
import { layerLinks, parentsFirst } from '../../core/layer-graph.js';
import type { LibraryEntry, PlaylistsRead } from '../../core/library-records.js';
import {
  LIKED_SONGS_ID,
  type HandEditsFound,
  type Label,
  type Layer,
  type LayerIntake,
  type Sublist,
  type UserSettings,
} from '../../core/layer-records.js';
import type { PlaylistContentsStore } from '../ports/sort-run.ports.js';

/** What absorbing a sync's hand edits reads and records: KeepSortedDeps' own stores. */
interface HandEditDeps {
  contents: Pick<PlaylistContentsStore, 'contentsOf'> & {
    recordHandEdits(userId: string, found: HandEditsFound): Promise<void>;
  };
  labels: { listFor(layerId: string): Promise<Label[]> };
  intake: { intakeOf(layerId: string): Promise<LayerIntake> };
  now?: () => Date;
}

/** A change of a playlist's contents, as a key: `action playlistId trackId`. */
export const changeKey = (action: 'add' | 'remove', playlistId: string, trackId: string): string =>
  `${action} ${playlistId} ${trackId}`;

/** The hand edits a sync found in one layer's sublists, and the answers they gave. */
export interface AbsorbedEdits {
  edits: readonly DetectedHandEdit[];
  labeled: number;
  removals: number;
}

/**
 * What the user changed by hand in the layers' sublists, between the playlists as stored and as
 * just read: recorded (a removal is itself the answer "not in that sublist") and turned into
 * labels where the result fits the mode; a label an edit contradicts is dropped. Called before
 * the library sync stores what it read, it stores the edits, their labels and the sublists as
 * read in one transaction: a sync cut short before it leaves the stored contents, so the next
 * sync finds the same edits; one cut short after it finds them stored, and no edit twice. A
 * change `ownWrites` holds is the bot's, not an edit: its run, once finished, records it (a hand
 * edit that is the very same change gives no answer then: the bot was making it anyway).
 */
export const absorbHandEdits = async (
  deps: HandEditDeps,
  userId: string,
  graph: { layers: readonly Layer[]; sublistsOf: ReadonlyMap<string, readonly Sublist[]> },
  stored: {
    before: ReadonlyMap<string, ReadonlySet<string>>;
    readBefore: ReadonlySet<string>;
    ownWrites: ReadonlySet<string>;
  },
  playlists: PlaylistsRead,
  settings: UserSettings,
): Promise<Map<string, AbsorbedEdits>> => {
  const { before, readBefore, ownWrites } = stored;
  const sourceIds = [...before.keys()];
  // Liked Songs are stored by now, the playlists not yet.
  const after = await deps.contents.contentsOf(userId, sourceIds);
  for (const [id, entries] of playlists.read) after.set(id, new Set(entries.map((e) => e.trackId)));
  for (const id of playlists.emptied) after.set(id, new Set());
  const readAfter = new Set(
    [...readBefore, ...playlists.read.keys()].filter((id) => !playlists.emptied.has(id)),
  );
  // A playlist gone from the user's library (deleted, unfollowed) or no longer readable says
  // nothing about its songs: no edits. Its stored contents are emptied all the same (below, and
  // by the library sync), not kept: listed again, it is read as a first read, never compared
  // with contents from before it went, which the user may have changed unseen since.
  const comparable = (id: string) => readBefore.has(id) && !playlists.emptied.has(id);
  const layers = parentsFirst(graph);
  const editsOf = new Map(
    layers.map((layer) => {
      const sublists = graph.sublistsOf.get(layer.id) ?? [];
      const playlistOf = new Map(sublists.map((s) => [s.id, s.playlistId]));
      const edits = detectHandEdits(sublists, before, after, comparable).filter(
        (e) => !ownWrites.has(changeKey(e.action, playlistOf.get(e.sublistId) ?? '', e.trackId)),
      );
      return [layer.id, edits];
    }),
  );
  const absorbed = new Map<string, AbsorbedEdits>();
  if ([...editsOf.values()].every((edits) => edits.length === 0)) return absorbed;

  const detectedAt = deps.now?.() ?? new Date();
  const found = {
    edits: [] as HandEditsFound['edits'][number][],
    labels: [] as HandEditsFound['labels'][number][],
    staleLabels: [] as HandEditsFound['staleLabels'][number][],
  };
  const departedOf = new Map<string, ReadonlySet<string>>();
  const links = layerLinks(graph);
  for (const layer of layers) {
    // What its parents' runs take out of their sublists this sync leaves its motherlist too.
    const leaving = settings.removeUnliked
      ? links.filter((l) => l.child.id === layer.id).flatMap((l) => [...(departedOf.get(l.parent.id) ?? [])])
      : [];
    const departed = await departedFrom(deps, layer, after, readAfter, new Set(leaving));
    departedOf.set(layer.id, departed);
    const edits = editsOf.get(layer.id) ?? [];
    if (edits.length === 0) continue;
    const sublists = graph.sublistsOf.get(layer.id) ?? [];
    found.edits.push(...edits.map((e) => ({ ...e, layerId: layer.id, detectedAt })));
    const labels = new Map((await deps.labels.listFor(layer.id)).map((l) => [l.trackId, l.sublistIds]));
    // A sublist whose playlist this sync does not know (gone from the library, or never read)
    // holds, for the labels the edits give, the songs its labels name: an edit of a song in the
    // other sublists does not take it out of that one.
    const labeledIn = (sublistId: string) =>
      new Set([...labels].filter(([, ids]) => ids.includes(sublistId)).map(([trackId]) => trackId));
    const bySublist = new Map(
      sublists.map((s) => [
        s.id,
        readAfter.has(s.playlistId) ? (after.get(s.playlistId) ?? new Set<string>()) : labeledIn(s.id),
      ]),
    );
    let labeled = 0;
    for (const trackId of new Set(edits.map((e) => e.trackId))) {
      if (departed.has(trackId)) continue;
      const placement = labelFromHandEdits(
        layer.mode,
        sublists.map((s) => s.id),
        trackId,
        edits,
        bySublist,
      );
      if (placement) {
        found.labels.push({ layerId: layer.id, trackId, sublistIds: placement });
        labels.set(trackId, placement);
        labeled++;
        continue;
      }
      // Taken out of the sublist its label names, into nothing the mode allows: the label is
      // stale and the removal is the answer now.
      const removedFrom = edits.filter((e) => e.trackId === trackId && e.action === 'remove');
      if (removedFrom.some((e) => labels.get(trackId)?.includes(e.sublistId))) {
        found.staleLabels.push({ layerId: layer.id, trackId });
        labels.delete(trackId);
      }
    }
    const liked = edits.filter((e) => !departed.has(e.trackId));
    absorbed.set(layer.id, {
      edits,
      labeled,
      removals: removalAnswers(new Set(labels.keys()), liked).size,
    });
  }
  const contents = new Map<string, readonly LibraryEntry[]>();
  for (const { playlistId } of [...graph.sublistsOf.values()].flat()) {
    const entries = playlists.emptied.has(playlistId) ? [] : playlists.read.get(playlistId);
    if (entries) contents.set(playlistId, entries);
  }
  await deps.contents.recordHandEdits(userId, { contents, ...found });
  return absorbed;
};

/**
 * The tracks the layer took in that are gone from its motherlist as just read, or `leaving` it:
 * motherlistNews' departed, before the library is stored.
 */
const departedFrom = async (
  deps: Pick<HandEditDeps, 'intake'>,
  layer: Layer,
  after: ReadonlyMap<string, ReadonlySet<string>>,
  readAfter: ReadonlySet<string>,
  leaving: ReadonlySet<string>,
): Promise<ReadonlySet<string>> => {
  if (layer.motherlistId !== LIKED_SONGS_ID && !readAfter.has(layer.motherlistId)) return new Set();
  const intake = await deps.intake.intakeOf(layer.id);
  if (intake.since === null) return new Set();
  const mother = after.get(layer.motherlistId) ?? new Set<string>();
  return new Set([...intake.trackIds].filter((id) => !mother.has(id) || leaving.has(id)));
};
