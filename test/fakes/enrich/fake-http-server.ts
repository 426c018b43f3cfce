import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  path: string;
  query: URLSearchParams;
  userAgent: string | undefined;
  at: number;
}

export interface FakeReply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** A JSON server on 127.0.0.1 that records every request; the base of the enrichment fakes. */
export class FakeHttpServer {
  readonly requests: RecordedRequest[] = [];
  /** When set, every request gets this reply (a provider that is down). */
  outage: FakeReply | undefined;
  private server: Server | undefined;
  private port = 0;

  constructor(private readonly handle: (request: RecordedRequest) => FakeReply) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<this> {
    this.server = createServer((req: IncomingMessage, res: ServerResponse) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const request: RecordedRequest = {
        path: url.pathname,
        query: url.searchParams,
        userAgent: req.headers['user-agent'],
        at: Date.now(),
      };
      this.requests.push(request);
      const reply = this.outage ?? this.handle(request);
      res.writeHead(reply.status, { 'content-type': 'application/json; charset=utf-8', ...reply.headers });
      res.end(JSON.stringify(reply.body));
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  count(pathPrefix = '/'): number {
    return this.requests.filter((r) => r.path.startsWith(pathPrefix)).length;
  }
}
