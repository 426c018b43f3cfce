import { SlashCommandBuilder } from 'discord.js';
import { deferEphemeral } from '../command-helpers.js';
import type { SlashCommand } from '../slash-command.js';
import { statusView } from '../views/account.view.js';

export default {
  data: new SlashCommandBuilder()
    .setName('status')
    .setDescription('Your link, layers, labels, models, last sync and DM state')
    .toJSON(),
  async execute(interaction, { services }) {
    await deferEphemeral(interaction);
    const status = await services.status.statusOf(interaction.user.id);
    await interaction.editReply(statusView(status, new Date(), interaction.guildId));
  },
} satisfies SlashCommand;
