import type { Clock } from './clock.js';
import type { ChangeFeed } from './changes.js';
import type { CommandStore } from './command-store.js';
import type { InteractionRegistry } from './interaction-record.js';
import type { SnowflakeFactory } from './snowflakes.js';
import type { DiscordWorld, FakeUser } from './world.js';

/** Timing rules the fake enforces; tests may shrink them. */
export interface InteractionTiming {
  /** Discord's 3 s window for the initial response, measured on the fake's clock. */
  initialResponseMs: number;
  /** Discord's 15 min lifetime of an interaction token, measured on the fake's clock. */
  tokenLifetimeMs: number;
}

/** The shared state every REST route and the gateway work on. */
export interface FakeContext {
  readonly world: DiscordWorld;
  readonly interactions: InteractionRegistry;
  readonly commands: CommandStore;
  readonly clock: Clock;
  readonly ids: SnowflakeFactory;
  readonly changes: ChangeFeed;
  readonly bot: FakeUser;
  readonly applicationId: string;
  /** The bot token the client must present (without the "Bot " prefix). */
  readonly token: string;
  readonly timing: InteractionTiming;
  gatewayUrl(): string;
}
