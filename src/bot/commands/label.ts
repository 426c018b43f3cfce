import { SlashCommandBuilder } from 'discord.js';
import { autocompleteNames, layerOption } from '../command-helpers.js';
import { deferSession, showFirstStep } from '../label-flow.js';
import type { SlashCommand } from '../slash-command.js';

export default {
  data: new SlashCommandBuilder()
    .setName('label')
    .setDescription('Label tracks of a layer by pressing buttons (continues your open session)')
    .addStringOption((o) => layerOption(o))
    .toJSON(),
  async execute(interaction, { services }) {
    // Deferred at once: /label comes in bursts (a group starting together) and the session's
    // checks and first pick touch the database. The reply is the session's one message, only
    // for its owner; each press edits it (with a fresh token of its own).
    await deferSession(interaction);
    const step = await services.labelSessions.start(
      interaction.user.id,
      interaction.options.getString('layer', true),
      interaction.channelId,
    );
    await showFirstStep(interaction, step, services.labelSessions);
  },
  autocomplete: autocompleteNames,
} satisfies SlashCommand;
