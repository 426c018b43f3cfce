import { MessageFlags } from 'discord.js';
import type { ComponentHandler } from '../component-handler.js';
import { linkView } from '../views/account.view.js';

/** "Link again" in the DM before the link expires: the same one-time link as `/link`. */
export const relinkHandler: ComponentHandler = {
  kind: 'rl',
  async handle(interaction, _args, { services }) {
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    await interaction.editReply(linkView(await services.link.createLinkUrl(interaction.user.id)));
  },
};
