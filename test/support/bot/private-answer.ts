import type { FakeDiscord, FakeUser, InteractionHandle } from '../../fakes/discord/index.js';

/**
 * The bot's private answer to `user`'s press `handle`: a reply, or a followup once the press was
 * deferred. Waiting for it, not for a quiet moment, is what tells that the bot is done with a
 * refused press on a loaded machine.
 */
export const privateAnswer = (discord: FakeDiscord, user: FakeUser, handle: Pick<InteractionHandle, 'id'>) =>
  discord.waitFor(
    () => discord.ephemeral(user).find((m) => m.interaction_metadata?.id === handle.id && m.content !== ''),
    { what: `the private answer to interaction ${handle.id}` },
  );
