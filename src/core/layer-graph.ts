import type { Layer, Sublist } from './layer-records.js';

/**
 * Layers compose: a layer whose motherlist is the playlist of another layer's sublist takes in
 * what that layer places there. The relation lives in the playlist ids alone (the child's
 * motherlist id is the parent sublist's playlist id), so it holds however the layers were made.
 */
export interface LayerGraph {
  layers: readonly Layer[];
  sublistsOf: ReadonlyMap<string, readonly Sublist[]>;
}

export interface LayerLink {
  parent: Layer;
  /** The parent's sublist whose playlist is the child's motherlist. */
  sublist: Sublist;
  child: Layer;
}

/** Every parent → child link among the user's layers. */
export const layerLinks = ({ layers, sublistsOf }: LayerGraph): LayerLink[] =>
  layers.flatMap((parent) =>
    (sublistsOf.get(parent.id) ?? []).flatMap((sublist) =>
      layers
        .filter((child) => child.motherlistId === sublist.playlistId)
        .map((child) => ({ parent, sublist, child })),
    ),
  );

/** The links from a layer's sublists to the other layers over them. */
export const childLinksOf = (layer: Layer, graph: LayerGraph): LayerLink[] =>
  layerLinks(graph).filter((link) => link.parent.id === layer.id && link.child.id !== layer.id);

/**
 * Layers that send songs round in a circle: each feeds the others (and itself) through its
 * sublists, directly or down the chain. Adopting a playlist refuses to close one, but layers
 * stored in one before that check still are.
 */
export interface LayerCycle {
  /** In the given order. */
  layers: Layer[];
  /** The links among them: each names the sublist whose playlist is the next layer's motherlist. */
  links: LayerLink[];
}

/** The circles among the layers (a layer over one, fed by it but feeding none of it, is not in it). */
export const layerCycles = (graph: LayerGraph): LayerCycle[] => {
  const links = layerLinks(graph);
  /** The ids of the layers `from` feeds, down the chain (itself only when in a circle). */
  const fedBy = (from: Layer): Set<string> => {
    const reached = new Set<string>();
    const next = [from.id];
    for (let id = next.pop(); id !== undefined; id = next.pop()) {
      for (const link of links) {
        if (link.parent.id !== id || reached.has(link.child.id)) continue;
        reached.add(link.child.id);
        next.push(link.child.id);
      }
    }
    return reached;
  };
  const cycles: LayerCycle[] = [];
  const inOne = new Set<string>();
  for (const layer of graph.layers) {
    if (inOne.has(layer.id)) continue;
    const fed = fedBy(layer);
    if (!fed.has(layer.id)) continue;
    const members = graph.layers.filter((other) => fed.has(other.id) && fedBy(other).has(layer.id));
    const ids = new Set(members.map((member) => member.id));
    for (const id of ids) inOne.add(id);
    cycles.push({
      layers: members,
      links: links.filter((link) => ids.has(link.parent.id) && ids.has(link.child.id)),
    });
  }
  return cycles;
};

/**
 * The layers with every parent before its children (otherwise in the given order), so that one
 * sync can pass a new like down through every layer. Layers caught in a cycle (`layerCycles`),
 * which adopting refuses to make, come last in the given order rather than not at all.
 */
export const parentsFirst = (graph: LayerGraph): Layer[] => {
  const links = layerLinks(graph);
  const ordered: Layer[] = [];
  const placed = new Set<string>();
  let progressed = true;
  while (progressed) {
    progressed = false;
    for (const layer of graph.layers) {
      if (placed.has(layer.id)) continue;
      if (links.some((link) => link.child.id === layer.id && !placed.has(link.parent.id))) continue;
      ordered.push(layer);
      placed.add(layer.id);
      progressed = true;
    }
  }
  return [...ordered, ...graph.layers.filter((layer) => !placed.has(layer.id))];
};

/**
 * The layers that take in a playlist's songs: those over it and, down the chain, their
 * children. A layer among them that adopted the playlist as a sublist would feed itself.
 */
export const layersFedBy = (playlistId: string, graph: LayerGraph): Layer[] => {
  const links = layerLinks(graph);
  const fed = graph.layers.filter((layer) => layer.motherlistId === playlistId);
  for (let k = 0; k < fed.length; k++) {
    for (const link of links) {
      if (link.parent.id === fed[k]?.id && !fed.some((layer) => layer.id === link.child.id))
        fed.push(link.child);
    }
  }
  return fed;
};
