import { MessageFlags } from 'discord.js';
import { UserError } from '../../services/errors.js';
import type { ComponentHandler } from '../component-handler.js';
import { expandUuid } from '../custom-id.js';
import { resultReplyOptions } from '../result-visibility.js';
import { sortSummaryView } from '../views/model.view.js';

/** The Confirm button of `/sort everything:true`: places every song, then shows the run's summary. */
export const sortEverythingHandler: ComponentHandler = {
  kind: 'se',
  async handle(interaction, [layer32], { services }) {
    const layerId = expandUuid(layer32 ?? '');
    if (!layerId) throw new UserError({ code: 'stale-component', what: 'button' });
    const { layer, sublists } = await services.layers.pressed(interaction.user.id, layerId, 'placed');
    await interaction.deferUpdate();
    const outcome = await services.sorter.sort(interaction.user.id, layer, {
      dryRun: false,
      everything: true,
    });
    const cycle = await services.layers.cycleOf(interaction.user.id, layer);
    const summary = sortSummaryView(layer.name, outcome, {
      layer: { layerId: layer.id, complete: layer.mode.complete, sublists },
      ...(cycle ? { cycle } : {}),
    });
    const visibility = resultReplyOptions(interaction, await services.settings.get(interaction.user.id));
    if (visibility.flags !== undefined || !interaction.message.flags.has(MessageFlags.Ephemeral)) {
      await interaction.editReply(summary);
      return;
    }
    // The private warning says where the summary went; the summary is posted for all, as asked.
    await interaction.editReply({
      content: `Placed every song of **${layer.name}**: the summary is in the channel.`,
      embeds: [],
      components: [],
    });
    await interaction.followUp(summary);
  },
};
