import { InteractionResponseType } from 'discord-api-types/v10';
import type { FakeDiscord, InteractionHandle } from '../../fakes/discord/index.js';

/**
 * Dispatches a press (button or menu) on message `messageId` and waits until the bot is done with
 * it. A press whose work outlasts the bot's first-response budget is acknowledged (deferUpdate),
 * then the message is edited or an error follows up: a quiet moment after the acknowledgement, all
 * `settled()` waits for, is no sign of either on a loaded machine.
 */
export const settlePress = async (
  fake: FakeDiscord,
  messageId: string,
  dispatch: () => InteractionHandle,
): Promise<InteractionHandle> => {
  const before = JSON.stringify(fake.message(messageId));
  const handle = dispatch();
  if ((await handle.firstResponse()).type === InteractionResponseType.DeferredMessageUpdate) {
    await fake.waitFor(
      () =>
        JSON.stringify(fake.message(messageId)) !== before || handle.followups().length > 0
          ? true
          : undefined,
      { what: `the answer to a deferred press on message ${messageId}` },
    );
  }
  await handle.settled();
  return handle;
};
