import { MessageFlags, type ChatInputCommandInteraction, type MessageComponentInteraction } from 'discord.js';
import type {
  LabelSessionService,
  SessionAction,
  SessionStep,
} from '../services/labels/label-session.service.js';
import { changeableInPlace, CONTINUED } from './message-token.js';
import { withinDeadline } from './respond.js';
import { answeredView, labelCardView, sessionFinishedView } from './views/label-card.view.js';
import type { View } from './views/view.js';

/**
 * A press whose next card is not ready by then is acknowledged first and the card edited in when
 * ready (nothing the user sees on a button press). Chosen on bench:responsiveness (bot in its own
 * process, load 2.5-4, 2026-12-06): with 150 ms nearly every press used up the budget while a big
 * library trained (ack p50 101-181 ms, p99 334-473 ms, three runs); with 50 ms ack p50 53-71 ms,
 * p99 227-536 ms, and press -> next card p99 1,041-1,340 ms against 1,432-2,083 ms (issue 22).
 */
const PRESS_BUDGET_MS = 50;

const stepView = (step: SessionStep, previous?: Parameters<typeof labelCardView>[1]): View =>
  step.kind === 'card'
    ? labelCardView(step.card, previous)
    : sessionFinishedView(step.layer.name, step.answeredCount, step.reason);

/**
 * /label: the session lives in one message, the command's reply, visible to its owner only
 * (ephemeral in a server; in the DM with the bot, an ordinary message). Each press edits it.
 */
export const deferSession = (interaction: ChatInputCommandInteraction) =>
  interaction.deferReply(interaction.guildId !== null ? { flags: MessageFlags.Ephemeral } : {});

export const showFirstStep = async (
  interaction: ChatInputCommandInteraction,
  step: SessionStep,
  labelSessions: LabelSessionService,
): Promise<void> => {
  const message = await interaction.editReply(stepView(step));
  if (step.kind === 'card') await labelSessions.attachMessage(step.card.session.id, message.id);
};

/**
 * A press on the session's message: the answer is recorded and the same message shows the next
 * track with a line about the answer. When that message can no longer be changed (an ephemeral
 * message older than its token), the session continues in a fresh ephemeral message, which
 * becomes the session's message; the old one's buttons then answer as stale.
 */
export const answerPress = async (
  interaction: MessageComponentInteraction,
  press: { sessionId: string; trackId: string; action: SessionAction },
  labelSessions: LabelSessionService,
): Promise<void> => {
  const userId = interaction.user.id;
  const work = async (shownOn: string): Promise<{ view: View; showsCard: boolean }> => {
    const result = await labelSessions.press(userId, press.sessionId, press.trackId, shownOn, press.action);
    if (result.kind === 'toggled') return { view: labelCardView(result.card), showsCard: true };
    if (!result.next) return { view: answeredView(result.answered), showsCard: false };
    return { view: stepView(result.next, result.answered), showsCard: result.next.kind === 'card' };
  };

  if (!changeableInPlace(interaction)) {
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const { view, showsCard } = await work(interaction.message.id);
    const message = await interaction.editReply({
      ...view,
      content: [CONTINUED, view.content].filter(Boolean).join('\n'),
    });
    if (showsCard) await labelSessions.attachMessage(press.sessionId, message.id);
    return;
  }
  // The next card is attached to the pressed message by the press itself.
  const { value, acknowledged } = await withinDeadline(
    work(interaction.message.id),
    () => interaction.deferUpdate(),
    PRESS_BUDGET_MS,
  );
  if (acknowledged) await interaction.editReply(value.view);
  else await interaction.update(value.view);
};
