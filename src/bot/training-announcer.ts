import { DiscordAPIError, MessageFlags, RESTJSONErrorCodes, Routes, type Client } from 'discord.js';
import type { Logger } from '../logger.js';
import type { UserError } from '../services/errors.js';
import type { TrainOutcome, TrainProgress } from '../services/ports/model-ports.js';
import type { TrainingReply } from '../services/model/training-job.js';
import type { TrainingAnnouncer } from '../services/model/training-requests.service.js';
import { unexpectedErrorMessage } from './respond.js';
import { userErrorText } from './views/user-error.view.js';
import {
  trainDoneView,
  trainProgressView,
  trainResultView,
  trainStoppedView,
  type TrainResultPlace,
} from './views/model.view.js';
import type { View } from './views/view.js';

/** Discord's interaction tokens live 15 minutes; past 14 the reply is not trusted to take an edit. */
const TOKEN_TRUSTED_MS = 14 * 60_000;

/**
 * The reply can no longer be changed: its token expired, or someone deleted the message in Discord
 * meanwhile. The answer then goes where it goes after 15 minutes; thrown instead, it failed the
 * job, which the queue retried by training the layer again.
 */
const UNEDITABLE_CODES = new Set<unknown>([
  RESTJSONErrorCodes.InvalidWebhookToken,
  RESTJSONErrorCodes.UnknownWebhook,
  RESTJSONErrorCodes.UnknownMessage,
]);

const isUneditable = (error: unknown) => error instanceof DiscordAPIError && UNEDITABLE_CODES.has(error.code);

/**
 * The channel will not take the bot's message: an app the person installed for themselves in a
 * server the bot is not in (Missing Access), a missing permission, or a channel deleted meanwhile.
 * The result then comes as a DM; thrown, it failed the job, which the queue retried by training
 * the layer again.
 */
const REFUSED_CHANNEL_CODES = new Set<unknown>([
  RESTJSONErrorCodes.MissingAccess,
  RESTJSONErrorCodes.MissingPermissions,
  RESTJSONErrorCodes.UnknownChannel,
]);

const isRefusedChannel = (error: unknown) =>
  error instanceof DiscordAPIError && REFUSED_CHANNEL_CODES.has(error.code);

/**
 * Tells the user how their queued /train goes, over REST from any process: it edits the reply of
 * their interaction while its token lives; afterwards the result comes as a DM when it was private
 * and as a message in the channel when it was public (progress after that is not shown; the public
 * progress message then ends saying where the result went).
 */
export class DiscordTrainingAnnouncer implements TrainingAnnouncer {
  constructor(
    private readonly client: Client,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  async progress(reply: TrainingReply, layerName: string, progress: TrainProgress): Promise<void> {
    if (!this.tokenAlive(reply)) return;
    await this.editReply(reply, trainProgressView(layerName, progress)).catch((error: unknown) =>
      this.logger.debug({ err: error }, 'progress edit failed'),
    );
  }

  async result(
    userId: string,
    reply: TrainingReply,
    layerName: string,
    outcome: TrainOutcome,
  ): Promise<void> {
    const view = trainResultView(layerName, outcome);
    if (await this.editWhileAlive(reply, view)) return;
    if (reply.private) {
      await this.sendDm(userId, view);
      return;
    }
    const place = await this.postResult(userId, reply, view);
    await this.endPublicProgress(userId, reply, trainDoneView(layerName, place));
  }

  /** A public result past the token: a new message in the channel, or a DM when the channel refuses it. */
  private async postResult(userId: string, reply: TrainingReply, view: View): Promise<TrainResultPlace> {
    try {
      await this.client.rest.post(Routes.channelMessages(reply.channelId), { body: this.body(view) });
      return 'channel';
    } catch (error) {
      if (!isRefusedChannel(error)) throw error;
      this.logger.info({ userId, code: (error as DiscordAPIError).code }, 'training result sent by DM');
    }
    return (await this.sendDm(userId, view)) ? 'dm' : 'nowhere';
  }

  refused(userId: string, reply: TrainingReply, layerName: string, error: UserError): Promise<void> {
    return this.privately(userId, reply, layerName, userErrorText(error));
  }

  failed(userId: string, reply: TrainingReply, layerName: string, reference: string): Promise<void> {
    return this.privately(userId, reply, layerName, unexpectedErrorMessage(reference));
  }

  /**
   * A refusal or failure is the user's alone: a public progress message goes, an ephemeral followup
   * says why. Past the token it comes by DM, and the public progress message, which the bot can
   * still edit as its own, ends in a final state instead of keeping its last percentage.
   */
  private async privately(
    userId: string,
    reply: TrainingReply,
    layerName: string,
    content: string,
  ): Promise<void> {
    const view: View = { content, embeds: [], components: [] };
    if (this.tokenAlive(reply)) {
      try {
        if (reply.private) await this.editReply(reply, view);
        else {
          await this.client.rest.delete(
            Routes.webhookMessage(reply.applicationId, reply.interactionToken, reply.messageId),
          );
          await this.client.rest.post(Routes.webhook(reply.applicationId, reply.interactionToken), {
            body: { ...this.body(view), flags: MessageFlags.Ephemeral },
            auth: false,
          });
        }
        return;
      } catch (error) {
        if (!isUneditable(error)) throw error;
      }
    }
    const toldByDm = await this.sendDm(userId, view);
    if (!reply.private) await this.endPublicProgress(userId, reply, trainStoppedView(layerName, toldByDm));
  }

  /**
   * Over the bot's own channel route (the token is gone). A message deleted or out of reach stays
   * as it is; nor does any other error fail the job, which would train the layer again.
   */
  private async endPublicProgress(userId: string, reply: TrainingReply, view: View) {
    if (!reply.messageId) return;
    try {
      await this.client.rest.patch(Routes.channelMessage(reply.channelId, reply.messageId), {
        body: this.body(view),
      });
    } catch (error) {
      if (isUneditable(error) || isRefusedChannel(error))
        this.logger.info(
          { userId, code: (error as DiscordAPIError).code },
          'public training progress left as it was',
        );
      else this.logger.warn({ userId, err: error }, 'public training progress not ended');
    }
  }

  private tokenAlive(reply: TrainingReply) {
    return this.now() - reply.issuedAt < TOKEN_TRUSTED_MS;
  }

  /** Edits the reply; false when the token is (or turned out) expired, or the message is gone. */
  private async editWhileAlive(reply: TrainingReply, view: View): Promise<boolean> {
    if (!this.tokenAlive(reply)) return false;
    try {
      await this.editReply(reply, view);
      return true;
    } catch (error) {
      if (isUneditable(error)) return false;
      throw error;
    }
  }

  private editReply(reply: TrainingReply, view: View) {
    return this.client.rest.patch(
      Routes.webhookMessage(reply.applicationId, reply.interactionToken, reply.messageId),
      {
        body: this.body(view),
        auth: false,
      },
    );
  }

  private body(view: View) {
    return {
      content: view.content ?? '',
      embeds: view.embeds,
      components: view.components,
      allowed_mentions: { parse: [] },
    };
  }

  /**
   * Over REST alone (a worker process never logs in); closed DMs are logged, not retried by training
   * again. False when the DM could not be delivered.
   */
  private async sendDm(userId: string, view: View): Promise<boolean> {
    try {
      const channel = (await this.client.rest.post(Routes.userChannels(), {
        body: { recipient_id: userId },
      })) as { id: string };
      await this.client.rest.post(Routes.channelMessages(channel.id), { body: this.body(view) });
      return true;
    } catch (error) {
      if (
        error instanceof DiscordAPIError &&
        error.code === RESTJSONErrorCodes.CannotSendMessagesToThisUser
      ) {
        this.logger.info({ userId }, 'training result not delivered: DMs closed');
        return false;
      }
      throw error;
    }
  }
}
