export { ManualClock, systemClock, type Clock } from './clock.js';
export { connectClient } from './client.js';
export type { SlashOptionValue } from './command-options.js';
export type {
  AutocompleteInput,
  ButtonPressInput,
  ForgedComponentInput,
  ForgedModalSubmitInput,
  ModalSubmitInput,
  SelectInput,
  SlashCommandInput,
} from './driver.js';
export type { ModalValues } from './modal-submission.js';
export { FakeDiscord, startFakeDiscord, type FakeDiscordOptions } from './fake-discord.js';
export { InteractionHandle, type ReplyState, type WaitOptions } from './interaction-handle.js';
export type { InitialResponse } from './interaction-record.js';
export { LIMITS } from './limits.js';
export {
  allComponents,
  buttonLabels,
  buttons,
  findButton,
  findComponent,
  findStringSelect,
  isEphemeral,
} from './message-helpers.js';
export type { RateLimitRule } from './rate-limits.js';
export type { RecordedRequest, Violation } from './recorded-request.js';
export { UPLOAD_LIMITS, type FakeAttachment, type UploadedFile } from './uploads.js';
export type { FakeChannel, FakeGuild, FakeUser } from './world.js';
