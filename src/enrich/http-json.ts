import { ProviderError } from './provider-error.js';

export interface JsonResponse {
  status: number;
  /** Parsed JSON, or undefined when the body is not JSON. */
  body: unknown;
  retryAfterMs: number | undefined;
}

export interface HttpGetOptions {
  provider: string;
  userAgent: string;
  timeoutMs: number;
}

const retryAfterMs = (header: string | null): number | undefined => {
  if (header === null) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : undefined;
};

/** GET returning status and parsed body; network failures and timeouts become retryable ProviderErrors. */
export const getJson = async (url: string, options: HttpGetOptions): Promise<JsonResponse> => {
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { 'user-agent': options.userAgent, accept: 'application/json' },
      signal: AbortSignal.timeout(options.timeoutMs),
    });
  } catch (error) {
    throw new ProviderError(options.provider, `request failed: ${(error as Error).message}`, true);
  }
  const text = await response.text().catch(() => '');
  let body: unknown;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: response.status, body, retryAfterMs: retryAfterMs(response.headers.get('retry-after')) };
};

/** The usual meaning of a status no provider-specific rule claimed: 429 and 5xx are worth retrying. */
export const unexpectedStatus = (provider: string, response: JsonResponse): ProviderError =>
  new ProviderError(
    provider,
    `HTTP ${response.status}`,
    response.status === 429 || response.status >= 500,
    response.retryAfterMs,
  );
