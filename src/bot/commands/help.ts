import { MessageFlags, SlashCommandBuilder } from 'discord.js';
import type { SlashCommand } from '../slash-command.js';
import { HELP_TEXT } from '../views/account.view.js';

export default {
  data: new SlashCommandBuilder()
    .setName('help')
    .setDescription('What Motherlist does and how to start')
    .toJSON(),
  async execute(interaction) {
    await interaction.reply({ content: HELP_TEXT, flags: MessageFlags.Ephemeral });
  },
} satisfies SlashCommand;
