import { MessageFlags, SlashCommandBuilder } from 'discord.js';
import type { SlashCommand } from '../slash-command.js';
import { confirmUnlinkView } from '../views/account.view.js';

export default {
  data: new SlashCommandBuilder()
    .setName('unlink')
    .setDescription('Disconnect Spotify and delete your layers, labels and models')
    .toJSON(),
  async execute(interaction) {
    await interaction.reply({ ...confirmUnlinkView(interaction.user.id), flags: MessageFlags.Ephemeral });
  },
} satisfies SlashCommand;
