import type { LayerCycle } from '../../core/layer-graph.js';
import type { Layer } from '../../core/layer-records.js';
import type { LayerStore } from '../ports/layer.ports.js';
import { type Notifier, owedAgain } from '../ports/notifier.js';

/**
 * Tells the user by DM of each circle with a layer they were not told of (the layers' marks,
 * claimed first), so once per circle rather than at every sync; a layer in no circle now loses
 * its mark, so a circle closed again is told again. A DM that did not go out (Discord failing,
 * or DMs held back after a refusal) gives its claim back, for the next sync; one Discord refused
 * keeps it (the user's /status shows the refusal, and the circle).
 */
export const tellOfCycles = async (
  deps: {
    layers: Pick<LayerStore, 'claimCycleNotice' | 'releaseCycleNotice'>;
    notifier: Notifier;
    now?: () => Date;
  },
  userId: string,
  layers: readonly Layer[],
  cycles: readonly LayerCycle[],
) => {
  const circled = new Set(cycles.flatMap((cycle) => cycle.layers.map((layer) => layer.id)));
  await deps.layers.releaseCycleNotice(
    layers.filter((layer) => !circled.has(layer.id)).map((layer) => layer.id),
  );
  for (const cycle of cycles) {
    const claimed = await deps.layers.claimCycleNotice(
      cycle.layers.map((layer) => layer.id),
      deps.now?.() ?? new Date(),
    );
    if (claimed.length === 0) continue;
    const links = cycle.links.map((link) => ({
      parent: link.parent.name,
      sublist: link.sublist.name,
      child: link.child.name,
    }));
    const sent = await deps.notifier
      .sendDm(userId, { kind: 'layers-in-circle', links })
      .catch(async (error: unknown) => {
        await deps.layers.releaseCycleNotice(claimed);
        throw error;
      });
    if (owedAgain(sent)) await deps.layers.releaseCycleNotice(claimed);
  }
};
