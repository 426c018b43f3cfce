import { SlashCommandBuilder } from 'discord.js';
import { deferEphemeral } from '../command-helpers.js';
import type { SlashCommand } from '../slash-command.js';
import { confirmUnlinkView } from '../views/account.view.js';

export default {
  data: new SlashCommandBuilder()
    .setName('unlink')
    .setDescription('Disconnect Spotify and delete your layers, labels and models')
    .toJSON(),
  async execute(interaction, { services }) {
    await deferEphemeral(interaction);
    const preview = await services.unlink.preview(interaction.user.id);
    await interaction.editReply(confirmUnlinkView(interaction.user.id, preview));
  },
} satisfies SlashCommand;
