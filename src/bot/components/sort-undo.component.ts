import { MessageFlags } from 'discord.js';
import { StaleComponentError } from '../../services/errors.js';
import type { ComponentHandler } from '../component-handler.js';
import { expandUuid } from '../custom-id.js';
import { undoText } from '../views/undo.view.js';

export const sortUndoHandler: ComponentHandler = {
  kind: 'su',
  async handle(interaction, [run32], { services }) {
    const runId = expandUuid(run32 ?? '');
    if (!runId) throw new StaleComponentError();
    await interaction.deferUpdate();
    // The sorter checks that the run is the presser's; a stranger's press is a user error from it.
    const outcome = await services.sorter.undoRun(interaction.user.id, runId);
    await interaction.editReply({ components: [] });
    await interaction.followUp({ flags: MessageFlags.Ephemeral, content: undoText(outcome) });
  },
};
