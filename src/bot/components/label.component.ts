import type { MessageComponentInteraction } from 'discord.js';
import { UserError } from '../../services/errors.js';
import type { SessionAction } from '../../services/labels/label-session.service.js';
import type { BotContext } from '../bot-services.js';
import type { ComponentHandler } from '../component-handler.js';
import { expandUuid } from '../custom-id.js';
import { answerPress } from '../label-flow.js';

const SIMPLE_ACTIONS: Record<string, SessionAction> = {
  v: { kind: 'void' },
  d: { kind: 'done' },
  k: { kind: 'skip' },
  u: { kind: 'undo' },
  x: { kind: 'stop' },
};

const sublistIdOf = (compact: string): string => {
  const id = expandUuid(compact);
  if (!id) throw new UserError({ code: 'stale-component', what: 'button' });
  return id;
};

const actionOf = (
  interaction: MessageComponentInteraction,
  kind: 'lb' | 'lm',
  code: string | undefined,
): SessionAction => {
  if (kind === 'lm') {
    if (!interaction.isStringSelectMenu()) throw new UserError({ code: 'stale-component', what: 'button' });
    return { kind: 'sublists', sublistIds: interaction.values.map(sublistIdOf) };
  }
  if (code === undefined) throw new UserError({ code: 'stale-component', what: 'button' });
  const simple = SIMPLE_ACTIONS[code];
  if (simple) return simple;
  if (code.startsWith('s')) return { kind: 'toggle', sublistId: sublistIdOf(code.slice(1)) };
  throw new UserError({ code: 'stale-component', what: 'button' });
};

const handleLabelPress =
  (kind: 'lb' | 'lm') =>
  async (
    interaction: MessageComponentInteraction,
    args: string[],
    { services }: BotContext,
  ): Promise<void> => {
    const [session32, trackId, code] = args;
    const sessionId = expandUuid(session32 ?? '');
    if (!sessionId || !trackId) throw new UserError({ code: 'stale-component', what: 'button' });
    const action = actionOf(interaction, kind, code);
    await answerPress(interaction, { sessionId, trackId, action }, services.labelSessions);
  };

export const labelButtonHandler: ComponentHandler = { kind: 'lb', handle: handleLabelPress('lb') };
export const labelMenuHandler: ComponentHandler = { kind: 'lm', handle: handleLabelPress('lm') };
