import { DiscordAPIError, RESTJSONErrorCodes, Routes, type Client } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { DiscordTrainingAnnouncer } from '../../../src/bot/training-announcer.js';
import { createLogger } from '../../../src/logger.js';
import type { TrainingReply } from '../../../src/services/model/training-job.js';

const refused = (code: number, status: number, url: string) =>
  new DiscordAPIError({ code, message: 'refused' }, code, status, 'POST', url, {});

/**
 * Discord's REST as the announcer uses it: records every call, refuses the channel's messages (a
 * new one, and the edit of the progress message there).
 */
const restRefusingChannel = (code: number) => {
  const calls: { method: string; route: string }[] = [];
  const rest = {
    post: async (route: string) => {
      calls.push({ method: 'post', route });
      if (route === Routes.channelMessages('channel-1')) throw refused(code, 403, route);
      if (route === Routes.userChannels()) return { id: 'dm-1' };
      return {};
    },
    patch: async (route: string) => {
      calls.push({ method: 'patch', route });
      if (route === Routes.channelMessage('channel-1', 'progress-1')) throw refused(code, 403, route);
      return {};
    },
    delete: async (route: string) => {
      calls.push({ method: 'delete', route });
      return {};
    },
  };
  return { client: { rest } as unknown as Client, calls };
};

/** A public /train whose token expired while it trained (a long queue). */
const reply: TrainingReply = {
  applicationId: 'app',
  interactionToken: 'token',
  issuedAt: 0,
  private: false,
  channelId: 'channel-1',
  messageId: 'progress-1',
};

const outcome = { version: 2, labelCount: 40, quality: 0.8, perSublist: [] };

describe('a /train result past its token, in a channel the bot may not post in', () => {
  for (const [why, code] of [
    ['the app is user-installed in a server the bot is not in', RESTJSONErrorCodes.MissingAccess],
    ['the bot lacks the permission', RESTJSONErrorCodes.MissingPermissions],
    ['the channel was deleted', RESTJSONErrorCodes.UnknownChannel],
  ] as const) {
    it(`comes as a DM instead of failing the job (which retrains the layer): ${why}`, async () => {
      const { client, calls } = restRefusingChannel(code);
      const announcer = new DiscordTrainingAnnouncer(client, createLogger('silent'), () => 60 * 60_000);
      await announcer.result('user-1', reply, 'Moods', outcome);
      expect(calls.map((c) => c.route)).toEqual([
        Routes.channelMessages('channel-1'),
        Routes.userChannels(),
        Routes.channelMessages('dm-1'),
        // The progress message would say where the result went; refused too, which fails nothing.
        Routes.channelMessage('channel-1', 'progress-1'),
      ]);
    });
  }
});
