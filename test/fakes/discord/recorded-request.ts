import type { ViolationKind } from './errors.js';

/** One REST request the bot made, as the fake saw and answered it. */
export interface RecordedRequest {
  readonly method: string;
  /** Decoded path after `/api/v10`, e.g. `/webhooks/1/tok/messages/@original`. */
  readonly path: string;
  /** The matched route pattern, e.g. `/webhooks/:applicationId/:token/messages/@original`; null if unknown. */
  readonly route: string | null;
  readonly params: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, string>>;
  /** The JSON body, or `payload_json` of a multipart body. */
  readonly body: unknown;
  /** The uploaded `files[n]` parts of a multipart body, without their bytes. */
  readonly files: readonly { field: string; filename: string; contentType: string; size: number }[];
  readonly status: number;
  readonly response: unknown;
  /** Clock time of the request. */
  readonly at: number;
}

/** A request the fake rejected because the bot did something Discord forbids. */
export interface Violation {
  readonly kind: ViolationKind;
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly code: number;
  readonly detail: string;
  readonly body: unknown;
}
