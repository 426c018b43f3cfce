import { MessageFlags } from 'discord.js';
import { UserError } from '../../services/errors.js';
import type { ComponentHandler } from '../component-handler.js';
import { expandUuid } from '../custom-id.js';
import { acknowledgePress, CONTINUED } from '../message-token.js';
import { undoText } from '../views/undo.view.js';

export const sortUndoHandler: ComponentHandler = {
  kind: 'su',
  async handle(interaction, [run32], { services }) {
    const runId = expandUuid(run32 ?? '');
    if (!runId) throw new UserError({ code: 'stale-component', what: 'button' });
    const { inPlace, acknowledge } = acknowledgePress(interaction);
    await acknowledge();
    // The sorter checks that the run is the presser's; a stranger's press is a user error from it.
    const outcome = await services.sorter.undoRun(interaction.user.id, runId);
    if (!inPlace) {
      // The summary is past its token: its button stays, and a second press finds nothing to undo.
      await interaction.editReply({ content: `${CONTINUED}\n${undoText(outcome)}` });
      return;
    }
    await interaction.editReply({ components: [] });
    await interaction.followUp({ flags: MessageFlags.Ephemeral, content: undoText(outcome) });
  },
};
