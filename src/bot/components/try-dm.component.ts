import { MessageFlags } from 'discord.js';
import { isDmRefusal } from '../discord-notifier.js';
import type { ComponentHandler } from '../component-handler.js';

const WORKS =
  'DMs from Motherlist work: new-songs summaries, with their menus, come here again from the next sync.';

/**
 * /status's "Try a DM": sends one DM now, whatever the pause the notifier keeps after a refusal. Delivered,
 * the refusal is forgotten and DMs flow again at once; refused, it is recorded anew and said.
 */
export const tryDmHandler: ComponentHandler = {
  kind: 'dt',
  async handle(interaction, _args, { services }) {
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const userId = interaction.user.id;
    try {
      const channel = await interaction.client.users.createDM(userId, { force: true });
      await channel.send({ content: WORKS });
    } catch (error) {
      if (!isDmRefusal(error)) throw error;
      await services.status.dmRefused(userId, `Discord error ${error.code}: ${error.message}`, new Date());
      await interaction.editReply(
        "Discord still refuses my DMs to you. Allow direct messages from a server we share (that server's Privacy Settings), or unblock Motherlist, then press **Try a DM** again.",
      );
      return;
    }
    await services.status.dmDelivered(userId);
    await interaction.editReply(
      'Delivered: check your DMs. New-songs summaries come there again from the next sync.',
    );
  },
};
