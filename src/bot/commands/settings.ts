import { SlashCommandBuilder } from 'discord.js';
import {
  MAX_PRECISION_PERCENT,
  MIN_PRECISION_PERCENT,
  precisionTargetOf,
} from '../../services/layers/precision-target.js';
import { MAX_SYNC_INTERVAL_MINUTES } from '../../services/account/settings.service.js';
import { autocompleteNames, deferEphemeral } from '../command-helpers.js';
import { UserError } from '../../services/errors.js';
import type { SlashCommand } from '../slash-command.js';
import { settingsView } from '../views/account.view.js';

/** `public_results` as given, for the server it was given in (null: the user's DM with the bot). */
const publicResultsHere = (on: boolean | null, serverId: string | null) =>
  on === null ? undefined : { on, serverId };

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
          'In this server: post sort summaries and model results in the channel for everyone (default: only me)',
        ),
    )
    .addIntegerOption((o) =>
      o
        .setName('sync_interval')
        .setDescription('Minutes between syncs (0: the server default)')
        .setMinValue(0)
        .setMaxValue(MAX_SYNC_INTERVAL_MINUTES),
    )
    .addStringOption((o) =>
      o
        .setName('layer')
        .setDescription('The layer whose precision target to show or set')
        .setAutocomplete(true),
    )
    .addIntegerOption((o) =>
      o
        .setName('precision')
        .setDescription('% of the songs a sort places that should be right; the others wait (default 80)')
        .setMinValue(MIN_PRECISION_PERCENT)
        .setMaxValue(MAX_PRECISION_PERCENT),
    )
    .toJSON(),
  async execute(interaction, { services }) {
    await deferEphemeral(interaction);
    const userId = interaction.user.id;
    const change = {
      autoSort: interaction.options.getBoolean('auto_sort') ?? undefined,
      dmSummaries: interaction.options.getBoolean('dms') ?? undefined,
      publicResults: publicResultsHere(interaction.options.getBoolean('public_results'), interaction.guildId),
      syncIntervalMinutes: interaction.options.getInteger('sync_interval') ?? undefined,
    };
    const layerName = interaction.options.getString('layer') ?? undefined;
    const precision = interaction.options.getInteger('precision') ?? undefined;
    if (precision !== undefined && layerName === undefined)
      throw new UserError({ code: 'invalid-input', rule: 'precision-needs-layer' });
    // Everything is checked before anything is stored: a refused option leaves the others unchanged.
    if (precision !== undefined) precisionTargetOf(precision);
    const named = layerName === undefined ? undefined : await services.layers.require(userId, layerName);
    const unchanged = Object.values(change).every((value) => value === undefined);
    const settings = unchanged
      ? await services.settings.get(userId)
      : await services.settings.update(userId, change);
    const layer =
      named && precision !== undefined
        ? await services.layers.setPrecisionTarget(userId, named.name, precision)
        : named;
    await interaction.editReply(
      settingsView(settings, services.settings.defaultSyncIntervalMinutes, interaction.guildId, layer),
    );
  },
  autocomplete: autocompleteNames,
} satisfies SlashCommand;
