import type {
  APIApplicationCommandOptionChoice,
  APIInteraction,
  InteractionResponseType,
} from 'discord-api-types/v10';
import type { FakeUser } from './world.js';

export type InteractionKind = 'command' | 'autocomplete' | 'component' | 'modal-submit';

/** The first callback the bot sent for an interaction. */
export interface InitialResponse {
  type: InteractionResponseType;
  /** The callback's `data`, as sent. */
  data: unknown;
  /** Real milliseconds from dispatching INTERACTION_CREATE to receiving the callback. */
  elapsedMs: number;
}

/** What the fake remembers about one interaction it dispatched. */
export interface InteractionRecord {
  readonly id: string;
  readonly token: string;
  readonly kind: InteractionKind;
  readonly payload: APIInteraction;
  readonly user: FakeUser;
  readonly channelId: string;
  /** Clock time of creation; the 3 s and 15 min limits count from here. */
  readonly createdAt: number;
  /** performance.now() at dispatch, for measuring real response times. */
  readonly dispatchedAt: number;
  /** The message a component interaction was triggered from. */
  readonly sourceMessageId: string | null;
  initial: InitialResponse | null;
  /** Discord error codes of rejected initial responses (10062 late, 40060 duplicate), for assertions. */
  rejectedCallbackCodes: number[];
  /** The message `@original` refers to, once there is one. */
  originalMessageId: string | null;
  /** After a deferred reply (type 5), the first followup fills the placeholder instead of posting anew. */
  awaitingFirstFollowup: boolean;
  followupMessageIds: string[];
  choices: APIApplicationCommandOptionChoice[] | null;
  modal: unknown;
  /** Set when the 3 s deadline passed without an initial response: the token is dead. */
  invalidated: boolean;
  /** performance.now() of the last REST call that touched this interaction. */
  lastActivityAt: number;
}

export class InteractionRegistry {
  private readonly byIdMap = new Map<string, InteractionRecord>();
  private readonly byTokenMap = new Map<string, InteractionRecord>();

  add(record: InteractionRecord): void {
    this.byIdMap.set(record.id, record);
    this.byTokenMap.set(record.token, record);
  }

  byId(id: string): InteractionRecord | undefined {
    return this.byIdMap.get(id);
  }

  byToken(token: string): InteractionRecord | undefined {
    return this.byTokenMap.get(token);
  }

  all(): InteractionRecord[] {
    return [...this.byIdMap.values()];
  }
}
