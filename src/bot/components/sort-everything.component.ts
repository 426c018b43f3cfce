import { MessageFlags } from 'discord.js';
import { UserError } from '../../services/errors.js';
import type { ComponentHandler } from '../component-handler.js';
import { expandUuid } from '../custom-id.js';
import { postsInChannel, resultReplyOptions } from '../result-visibility.js';
import { sortSummaryPost } from '../views/model.view.js';

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
    const visibility = resultReplyOptions(interaction, await services.settings.get(interaction.user.id));
    // The warning is private in a server; the summary after the press follows public_results.
    const shared =
      postsInChannel(interaction, visibility) && interaction.message.flags.has(MessageFlags.Ephemeral);
    const { summary, toUserAlone } = sortSummaryPost(
      layer.name,
      outcome,
      {
        layer: { layerId: layer.id, complete: layer.mode.complete, sublists },
        ...(cycle ? { cycle } : {}),
      },
      shared,
    );
    if (!shared) {
      await interaction.editReply(summary);
      return;
    }
    // The private warning says where the summary went (and what it leaves out); the summary is
    // posted for all, as asked.
    await interaction.editReply({
      content: [`Placed every song of **${layer.name}**: the summary is in the channel.`, toUserAlone]
        .filter((line) => line !== undefined)
        .join('\n'),
      embeds: [],
      components: [],
    });
    await interaction.followUp(summary);
  },
};
