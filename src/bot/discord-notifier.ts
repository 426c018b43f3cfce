import { DiscordAPIError, RESTJSONErrorCodes, type Client } from 'discord.js';
import { DM_RETRY_AFTER_MS } from '../core/account-records.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../services/ports/metrics.js';
import type { DmMessage, DmResult, Notifier } from '../services/ports/notifier.js';
import type { RunChartSource } from '../services/sorting/run-chart.service.js';
import type { UserStore } from '../services/ports/user.ports.js';
import { renderChartFile } from './run-chart-file.js';
import { dmView } from './views/account.view.js';

const REFUSALS = new Set<number>([RESTJSONErrorCodes.CannotSendMessagesToThisUser, 50278]);

/** Discord refused the DM for the user's own reasons (DMs closed, no shared server), not a passing failure. */
export const isDmRefusal = (error: unknown): error is DiscordAPIError =>
  error instanceof DiscordAPIError && typeof error.code === 'number' && REFUSALS.has(error.code);

/** Sends DMs through the bot; a refusal (DMs closed, no mutual server) is recorded, not retried in a loop. */
export class DiscordNotifier implements Notifier {
  constructor(
    private readonly client: Client,
    private readonly users: UserStore,
    private readonly logger: Logger,
    private readonly now: () => Date = () => new Date(),
    /** Attaches the sync run's chart to new-songs DMs; without it (or when it fails) they go without. */
    private readonly charts?: RunChartSource,
    /** Counts DMs by outcome. */
    private readonly metrics?: Pick<Metrics, 'dmSent'>,
  ) {}

  async sendDm(userId: string, message: DmMessage): Promise<DmResult> {
    const result = await this.deliver(userId, message);
    this.metrics?.dmSent(result.delivered ? 'delivered' : result.reason);
    return result;
  }

  private async deliver(userId: string, message: DmMessage): Promise<DmResult> {
    const failure = await this.users.failureOf(userId);
    if (failure && this.now().getTime() - failure.at.getTime() < DM_RETRY_AFTER_MS) {
      return { delivered: false, reason: 'suppressed' };
    }
    try {
      // Forced: discord.js's cached DM lookup needs the logged-in user, which a worker process never has.
      const channel = await this.client.users.createDM(userId, { force: true });
      const chart =
        this.charts && message.kind === 'new-songs' && message.runId
          ? await renderChartFile(this.charts, this.logger, userId, message.runId)
          : undefined;
      const view = dmView(message, chart ? { chartName: chart.name } : {});
      await channel.send({ ...view, ...(chart ? { files: [chart] } : {}) });
    } catch (error) {
      if (isDmRefusal(error)) {
        await this.users.recordFailure(userId, `Discord error ${error.code}: ${error.message}`, this.now());
        this.logger.info({ userId, code: error.code }, 'DM refused; recorded, not retried');
        return { delivered: false, reason: 'dms-closed' };
      }
      this.logger.warn({ err: error, userId }, 'DM failed');
      return { delivered: false, reason: 'failed' };
    }
    if (failure) await this.users.clearFailure(userId);
    return { delivered: true };
  }
}
