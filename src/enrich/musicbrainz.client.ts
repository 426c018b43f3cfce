import { getJson, unexpectedStatus } from './http-json.js';
import type { ProviderGate } from './provider-gate.js';

export interface MusicBrainzClientOptions {
  /** Without `/ws/2`, e.g. https://musicbrainz.org */
  baseUrl: string;
  userAgent: string;
  timeoutMs: number;
}

/** Tags of the recordings that carry one ISRC (genres included: a genre vote is a tag vote), most voted first. */
export interface RecordingTags {
  tags: string[];
}

interface Named {
  name?: unknown;
  count?: unknown;
}

const ISRC = /^[A-Z]{2}[A-Z0-9]{3}[0-9]{7}$/;

export const normalizeIsrc = (isrc: string): string => isrc.replace(/[^A-Za-z0-9]/g, '').toUpperCase();

const isInvalidIsrc = (body: unknown): boolean =>
  typeof (body as { error?: unknown } | undefined)?.error === 'string' &&
  /invalid isrc/i.test((body as { error: string }).error);

/** Sums votes per name over all recordings and orders names by votes. */
const byVotes = (lists: unknown[]): string[] => {
  const votes = new Map<string, number>();
  for (const list of lists) {
    if (!Array.isArray(list)) continue;
    for (const entry of list as Named[]) {
      if (typeof entry?.name !== 'string' || entry.name.trim() === '') continue;
      const count = typeof entry.count === 'number' ? entry.count : 1;
      votes.set(entry.name, (votes.get(entry.name) ?? 0) + Math.max(1, count));
    }
  }
  return [...votes.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([name]) => name);
};

/**
 * `GET /ws/2/isrc/{isrc}?inc=tags&fmt=json`; 503 (busy) is retried by the gate. The isrc resource
 * refuses `inc=genres` (400), and every genre is among the tags anyway.
 */
export class MusicBrainzClient {
  readonly provider = 'musicbrainz';

  constructor(
    private readonly gate: ProviderGate,
    private readonly options: MusicBrainzClientOptions,
  ) {}

  /** Tags of the recordings with this ISRC; undefined when MusicBrainz does not know the ISRC. */
  async recordingTags(isrc: string): Promise<RecordingTags | undefined> {
    const code = normalizeIsrc(isrc);
    if (!ISRC.test(code)) return undefined;
    const url = `${this.options.baseUrl}/ws/2/isrc/${code}?inc=tags&fmt=json`;
    return this.gate.run(async () => {
      const response = await getJson(url, {
        provider: this.provider,
        userAgent: this.options.userAgent,
        timeoutMs: this.options.timeoutMs,
      });
      // "Invalid isrc." will never be found, which is an answer; any other 400 is our mistake.
      if (response.status === 404 || (response.status === 400 && isInvalidIsrc(response.body)))
        return undefined;
      if (response.status !== 200) throw unexpectedStatus(this.provider, response);
      const recordings = (response.body as { recordings?: unknown } | undefined)?.recordings;
      if (!Array.isArray(recordings) || recordings.length === 0) return undefined;
      const items = recordings as { tags?: unknown }[];
      return { tags: byVotes(items.map((r) => r?.tags)) };
    });
  }
}
