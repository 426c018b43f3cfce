import { SlashCommandBuilder } from 'discord.js';
import { deferEphemeral } from '../command-helpers.js';
import type { SlashCommand } from '../slash-command.js';
import { linkView } from '../views/account.view.js';

export default {
  data: new SlashCommandBuilder().setName('link').setDescription('Connect your Spotify account').toJSON(),
  async execute(interaction, { services }) {
    await deferEphemeral(interaction);
    const linked = await services.status.linkedAccount(interaction.user.id);
    const url = await services.link.createLinkUrl(interaction.user.id);
    await interaction.editReply(linkView(url, linked));
  },
} satisfies SlashCommand;
