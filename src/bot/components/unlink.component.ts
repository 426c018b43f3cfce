import { isUserError, UserError } from '../../services/errors.js';
import type { ComponentHandler } from '../component-handler.js';
import { unlinkedView } from '../views/account.view.js';

export const unlinkConfirmHandler: ComponentHandler = {
  kind: 'ul',
  async handle(interaction, [userId, answer], { services }) {
    if (userId !== interaction.user.id) throw new UserError({ code: 'not-yours' });
    if (answer !== 'y') {
      await interaction.update({ content: 'Nothing was unlinked.', components: [] });
      return;
    }
    await interaction.deferUpdate();
    const result = await services.unlink.unlink(interaction.user.id).catch((error: unknown) => {
      // The layers' lock says "busy" in a sort's words; /unlink waited for every layer.
      throw isUserError(error) && error.code === 'busy'
        ? new UserError({ code: 'busy', during: 'unlink' })
        : error;
    });
    await interaction.editReply(unlinkedView(result));
  },
};
