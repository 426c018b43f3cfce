import { describe, expect, it } from 'vitest';
import { layerCycles, layersFedBy, parentsFirst, type LayerGraph } from '../../../src/core/layer-graph.js';
import type { Layer, Sublist } from '../../../src/core/layer-records.js';

const layer = (id: string, motherlistId: string): Layer => ({
  id,
  userId: 'u',
  name: id,
  motherlistId,
  mode: { mutual: true, complete: true },
  precisionTarget: 0.8,
  createdAt: new Date(0),
});
const sublist = (layerId: string, playlistId: string): Sublist => ({
  id: `${layerId}-${playlistId}`,
  layerId,
  name: playlistId,
  playlistId,
  position: 0,
});
const graphOf = (layers: Layer[], sublists: Record<string, string[]>): LayerGraph => ({
  layers,
  sublistsOf: new Map(layers.map((l) => [l.id, (sublists[l.id] ?? []).map((p) => sublist(l.id, p))])),
});

describe('the graph of composed layers', () => {
  // Liked → moods (solo, group); solo → work (run, desk); desk → focus; group stands alone.
  const moods = layer('moods', 'liked');
  const work = layer('work', 'solo');
  const focus = layer('focus', 'desk');
  const decades = layer('decades', 'liked');
  const sublists = { moods: ['solo', 'group'], work: ['run', 'desk'], focus: ['deep'] };

  it('orders every parent before its children, whatever the order of creation', () => {
    const ordered = parentsFirst(graphOf([focus, work, decades, moods], sublists)).map((l) => l.id);
    expect(ordered).toEqual(['decades', 'moods', 'work', 'focus']);
  });

  it('keeps layers of a cycle (which adopting refuses) instead of dropping them', () => {
    const a = layer('a', 'p');
    const b = layer('b', 'q');
    const ordered = parentsFirst(graphOf([a, b, moods], { a: ['q'], b: ['p'] })).map((l) => l.id);
    expect(ordered).toEqual(['moods', 'a', 'b']);
  });

  it('finds the circles stored before adopting refused them: their layers and the sublists that close them', () => {
    // a › q feeds b, b › p feeds a; c sits over a's other sublist (fed by the circle, not in it);
    // d's own sublist is its motherlist; moods, work and focus form a chain.
    const a = layer('a', 'p');
    const b = layer('b', 'q');
    const c = layer('c', 'r');
    const d = layer('d', 's');
    const graph = graphOf([moods, a, c, b, work, d, focus], {
      ...sublists,
      a: ['q', 'r'],
      b: ['p'],
      d: ['s'],
    });
    const cycles = layerCycles(graph);
    expect(cycles.map((cycle) => cycle.layers.map((l) => l.id))).toEqual([['a', 'b'], ['d']]);
    expect(
      cycles.map((cycle) =>
        cycle.links.map((link) => `${link.parent.id} › ${link.sublist.name} → ${link.child.id}`),
      ),
    ).toEqual([['a › q → b', 'b › p → a'], ['d › s → d']]);
    expect(layerCycles(graphOf([moods, work, focus, decades], sublists))).toEqual([]);
  });

  it('names the layers a playlist feeds, down the chain', () => {
    const graph = graphOf([moods, work, focus, decades], sublists);
    expect(layersFedBy('solo', graph).map((l) => l.id)).toEqual(['work', 'focus']);
    expect(layersFedBy('group', graph)).toEqual([]);
    expect(layersFedBy('liked', graph).map((l) => l.id)).toEqual(['moods', 'decades', 'work', 'focus']);
  });
});
