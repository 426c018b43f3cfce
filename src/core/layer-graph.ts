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
 * The layers with every parent before its children (otherwise in the given order), so that one
 * sync can pass a new like down through every layer. Layers caught in a cycle, which adopting
 * refuses to make, come last in the given order rather than not at all.
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
