import { UserError } from '../../services/errors.js';
import type { ComponentHandler } from '../component-handler.js';
import { expandUuid } from '../custom-id.js';
import { sortSummaryView } from '../views/model.view.js';

/** The Confirm button of `/sort everything:true`: places every song, then shows the run's summary. */
export const sortEverythingHandler: ComponentHandler = {
  kind: 'se',
  async handle(interaction, [layer32], { services }) {
    const layerId = expandUuid(layer32 ?? '');
    if (!layerId) throw new UserError({ code: 'stale-component', what: 'button' });
    const found = await services.layers.byIdWithSublists(layerId);
    if (found && found.layer.userId !== interaction.user.id) throw new UserError({ code: 'not-yours' });
    if (!found) throw new UserError({ code: 'stale-component', what: 'layer-gone', nothing: 'placed' });
    await interaction.deferUpdate();
    const { layer, sublists } = found;
    const outcome = await services.sorter.sort(interaction.user.id, layer, {
      dryRun: false,
      everything: true,
    });
    await interaction.editReply(
      sortSummaryView(layer.name, outcome, {
        layer: { layerId: layer.id, complete: layer.mode.complete, sublists },
      }),
    );
  },
};
