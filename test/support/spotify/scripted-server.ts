import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface ScriptedReply {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** Wait this long before answering (to test timeouts). */
  delayMs?: number;
}

/** A tiny HTTP server answering from a script, recording every request: for transport unit tests. */
export class ScriptedServer {
  readonly requests: SeenRequest[] = [];
  private readonly replies: ScriptedReply[] = [];
  private fallback: (request: SeenRequest) => ScriptedReply = () => ({ status: 200, body: { ok: true } });

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<ScriptedServer> {
    const holder: { instance?: ScriptedServer } = {};
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const seen = {
          method: req.method ?? 'GET',
          url: req.url ?? '/',
          headers: req.headers,
          body: Buffer.concat(chunks).toString(),
        };
        holder.instance!.requests.push(seen);
        const reply = holder.instance!.replies.shift() ?? holder.instance!.fallback(seen);
        const send = () => {
          if (res.destroyed) return;
          res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
          res.end(
            reply.body === undefined
              ? ''
              : typeof reply.body === 'string'
                ? reply.body
                : JSON.stringify(reply.body),
          );
        };
        if (reply.delayMs) setTimeout(send, reply.delayMs);
        else send();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const instance = (holder.instance = new ScriptedServer(
      server,
      `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    ));
    return instance;
  }

  reply(...replies: ScriptedReply[]): void {
    this.replies.push(...replies);
  }

  otherwise(fallback: (request: SeenRequest) => ScriptedReply): void {
    this.fallback = fallback;
  }

  reset(): void {
    this.requests.length = 0;
    this.replies.length = 0;
    this.fallback = () => ({ status: 200, body: { ok: true } });
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
