import { SlashCommandBuilder } from 'discord.js';
import { MAX_SYNC_INTERVAL_MINUTES } from '../../services/settings.service.js';
import { deferEphemeral } from '../command-helpers.js';
import type { SlashCommand } from '../slash-command.js';
import { settingsView } from '../views/account.view.js';

export default {
  data: new SlashCommandBuilder()
    .setName('settings')
    .setDescription('Show or change auto-sort, DM summaries, public results and the sync interval')
    .addBooleanOption((o) => o.setName('auto_sort').setDescription('Sort new likes automatically'))
    .addBooleanOption((o) => o.setName('dms').setDescription('Send me a DM with what went where'))
    .addBooleanOption((o) =>
      o
        .setName('public_results')
        .setDescription(
          'Post sort summaries and model results in the channel for everyone (default: only me)',
        ),
    )
    .addIntegerOption((o) =>
      o
        .setName('sync_interval')
        .setDescription('Minutes between syncs (0: the server default)')
        .setMinValue(0)
        .setMaxValue(MAX_SYNC_INTERVAL_MINUTES),
    )
    .toJSON(),
  async execute(interaction, { services }) {
    await deferEphemeral(interaction);
    const userId = interaction.user.id;
    const change = {
      autoSort: interaction.options.getBoolean('auto_sort') ?? undefined,
      dmSummaries: interaction.options.getBoolean('dms') ?? undefined,
      publicResults: interaction.options.getBoolean('public_results') ?? undefined,
      syncIntervalMinutes: interaction.options.getInteger('sync_interval') ?? undefined,
    };
    const unchanged = Object.values(change).every((value) => value === undefined);
    const settings = unchanged
      ? await services.settings.get(userId)
      : await services.settings.update(userId, change);
    await interaction.editReply(settingsView(settings, services.settings.defaultSyncIntervalMinutes));
  },
} satisfies SlashCommand;
