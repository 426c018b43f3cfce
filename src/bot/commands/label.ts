import { SlashCommandBuilder } from 'discord.js';
import { autocompleteNames, deferEphemeral, layerOption } from '../command-helpers.js';
import { postFirstStep } from '../label-flow.js';
import type { SlashCommand } from '../slash-command.js';

export default {
  data: new SlashCommandBuilder()
    .setName('label')
    .setDescription('Label tracks of a layer by pressing buttons (continues your open session)')
    .addStringOption((o) => layerOption(o))
    .toJSON(),
  async execute(interaction, { services }) {
    // Deferred at once: /label comes in bursts (a group starting together) and the session's
    // checks and first pick touch the database. Errors stay ephemeral in this deferred reply;
    // the cards themselves are public followups, so the session outlives this token.
    await deferEphemeral(interaction);
    const step = await services.labelSessions.start(
      interaction.user.id,
      interaction.options.getString('layer', true),
      interaction.channelId,
    );
    await postFirstStep(interaction, step, services.labelSessions);
  },
  autocomplete: autocompleteNames,
} satisfies SlashCommand;
