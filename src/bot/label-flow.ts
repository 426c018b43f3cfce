import type { MessageComponentInteraction, Message, RepliableInteraction } from 'discord.js';
import type { Logger } from '../logger.js';
import type { LabelSessionService, SessionStep } from '../services/label-session.service.js';
import { labelCardView, sessionFinishedView } from './views/label-card.view.js';
import type { View } from './views/view.js';

/**
 * Posts the session's next step as a new message: a followup on the latest interaction, or,
 * when that token is dead (restart, 15 minutes gone), a plain message in the channel.
 */
export const postStep = async (
  interaction: MessageComponentInteraction,
  step: SessionStep,
  labelSessions: LabelSessionService,
  logger: Logger,
): Promise<void> => {
  const view: View =
    step.kind === 'card'
      ? labelCardView(step.card)
      : sessionFinishedView(step.layer.name, step.answeredCount, step.reason);
  let message: Message;
  try {
    message = await interaction.followUp(view);
  } catch (error) {
    logger.warn({ err: error }, 'followup failed; continuing the label session in a fresh channel message');
    const channel =
      interaction.channel ?? (await interaction.client.channels.fetch(interaction.channelId ?? ''));
    if (!channel?.isSendable()) throw error;
    message = await channel.send(view);
  }
  if (step.kind === 'card') await labelSessions.attachMessage(step.card.session.id, message.id);
};

/** The first card of /label: the (ephemeral) deferred reply says where, the card is a public followup. */
export const postFirstStep = async (
  interaction: RepliableInteraction,
  step: SessionStep,
  labelSessions: LabelSessionService,
): Promise<void> => {
  if (step.kind === 'finished') {
    await interaction.editReply(sessionFinishedView(step.layer.name, step.answeredCount, step.reason));
    return;
  }
  await interaction.editReply({
    content: `Labeling **${step.card.layer.name}**: press the sublist each track belongs in. Cards follow in this channel.`,
  });
  const message = await interaction.followUp(labelCardView(step.card));
  await labelSessions.attachMessage(step.card.session.id, message.id);
};
