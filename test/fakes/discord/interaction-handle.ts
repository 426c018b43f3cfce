import { performance } from 'node:perf_hooks';
import {
  MessageFlags,
  type APIApplicationCommandOptionChoice,
  type APIEmbed,
  type APIInteraction,
  type APIMessage,
  type APIMessageTopLevelComponent,
  type InteractionResponseType,
} from 'discord-api-types/v10';
import type { ChangeFeed } from './changes.js';
import type { InitialResponse, InteractionRecord } from './interaction-record.js';
import type { DiscordWorld } from './world.js';

/** The current state of the message an interaction's reply lives in. */
export interface ReplyState {
  /** How the bot first answered (4 reply, 5 defer, 6 deferUpdate, 7 update). */
  readonly responseType: InteractionResponseType;
  readonly message: APIMessage;
  readonly content: string;
  readonly embeds: APIEmbed[];
  readonly components: APIMessageTopLevelComponent[];
  readonly flags: number;
  readonly ephemeral: boolean;
  /** True while a deferred reply still shows "thinking…". */
  readonly loading: boolean;
}

export interface WaitOptions {
  /** Real milliseconds before giving up; defaults to the fake's `waitTimeoutMs`. */
  timeoutMs?: number;
}

/**
 * What a driver call returns: a view on one interaction as Discord sees it. All waits use
 * real time with a timeout so a bot that never answers fails the test instead of hanging it.
 */
export class InteractionHandle {
  constructor(
    private readonly record: InteractionRecord,
    private readonly world: DiscordWorld,
    private readonly changes: ChangeFeed,
    private readonly defaultTimeoutMs: number,
  ) {}

  get id(): string {
    return this.record.id;
  }

  get token(): string {
    return this.record.token;
  }

  /** The INTERACTION_CREATE payload that was dispatched. */
  get payload(): APIInteraction {
    return this.record.payload;
  }

  /** The initial response, once there is one (null before). */
  get initialResponse(): InitialResponse | null {
    return this.record.initial;
  }

  /** Error codes of rejected initial responses: 10062 (late or dead), 40060 (already acknowledged). */
  get rejectedCallbackCodes(): readonly number[] {
    return this.record.rejectedCallbackCodes;
  }

  /** Waits for the initial response; `elapsedMs` is the real time to first response. */
  firstResponse(options: WaitOptions = {}): Promise<InitialResponse> {
    return this.changes.waitFor(
      () => this.record.initial ?? undefined,
      options.timeoutMs ?? this.defaultTimeoutMs,
      `the initial response to interaction ${this.record.id} (${this.describe()})`,
    );
  }

  /** The reply's current state; null before any response or for autocomplete/modal responses. */
  reply(): ReplyState | null {
    const initial = this.record.initial;
    const messageId = this.record.originalMessageId;
    if (initial === null || messageId === null || !this.world.hasMessage(messageId)) return null;
    const message = this.world.getMessage(messageId);
    const flags = message.flags ?? 0;
    return {
      responseType: initial.type,
      message,
      content: message.content,
      embeds: message.embeds,
      components: message.components ?? [],
      flags,
      ephemeral: (flags & MessageFlags.Ephemeral) !== 0,
      loading: (flags & MessageFlags.Loading) !== 0,
    };
  }

  /**
   * Waits until the reply looks final: an initial response exists, a deferred reply has been
   * filled in, and the bot has not touched this interaction for `quietMs` (default 50 ms).
   */
  async settled(options: WaitOptions & { quietMs?: number } = {}): Promise<ReplyState | null> {
    const quietMs = options.quietMs ?? 50;
    const deadline = performance.now() + (options.timeoutMs ?? this.defaultTimeoutMs);
    await this.firstResponse(options);
    for (;;) {
      const remaining = deadline - performance.now();
      const state = this.reply();
      const idleFor = performance.now() - this.record.lastActivityAt;
      if (state?.loading !== true && idleFor >= quietMs) return state;
      if (remaining <= 0) {
        throw new Error(
          `Interaction ${this.record.id} (${this.describe()}) did not settle; reply: ${JSON.stringify(state)}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, Math.min(quietMs, remaining)));
    }
  }

  /** Waits until the reply satisfies `predicate` (e.g. content contains a word). */
  waitForReply(predicate: (reply: ReplyState) => boolean, options: WaitOptions = {}): Promise<ReplyState> {
    return this.changes.waitFor(
      () => {
        const state = this.reply();
        return state !== null && predicate(state) ? state : undefined;
      },
      options.timeoutMs ?? this.defaultTimeoutMs,
      `a matching reply to interaction ${this.record.id} (${this.describe()})`,
    );
  }

  /** Followup messages, oldest first (a followup that filled a deferred reply is the reply itself). */
  followups(): APIMessage[] {
    return this.record.followupMessageIds
      .filter((id) => this.world.hasMessage(id))
      .map((id) => this.world.getMessage(id));
  }

  /** Waits for the autocomplete answer (callback type 8). */
  choices(options: WaitOptions = {}): Promise<APIApplicationCommandOptionChoice[]> {
    return this.changes.waitFor(
      () => this.record.choices ?? undefined,
      options.timeoutMs ?? this.defaultTimeoutMs,
      `autocomplete choices for interaction ${this.record.id}`,
    );
  }

  /** Waits for a modal (callback type 9) and returns its data as sent. */
  modal(options: WaitOptions = {}): Promise<unknown> {
    return this.changes.waitFor(
      () => this.record.modal ?? undefined,
      options.timeoutMs ?? this.defaultTimeoutMs,
      `a modal for interaction ${this.record.id}`,
    );
  }

  private describe(): string {
    const data = this.record.payload.data as { name?: string; custom_id?: string } | undefined;
    return data?.name !== undefined ? `/${data.name}` : `component ${data?.custom_id ?? '?'}`;
  }
}
