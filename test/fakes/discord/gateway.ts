import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { GatewayDispatchEvents, GatewayOpcodes } from 'discord-api-types/v10';
import { WebSocketServer, type WebSocket } from 'ws';
import type { FakeContext } from './context.js';
import { apiUser, guildCreatePayload } from './payloads.js';

export const GATEWAY_PATH = '/gateway';
const HEARTBEAT_INTERVAL_MS = 41_250;

interface GatewayPacket {
  op: number;
  d?: unknown;
  s?: number | null;
  t?: string | null;
}

interface Session {
  readonly id: string;
  socket: WebSocket | null;
  sequence: number;
  /** Dispatches sent in this session, replayed on RESUME from the client's last sequence. */
  readonly sent: { s: number; t: string; d: unknown }[];
}

/**
 * The gateway half of the fake: HELLO, IDENTIFY -> READY + GUILD_CREATE, heartbeat ACKs,
 * RESUME with replay, and `dispatch()` for events such as INTERACTION_CREATE.
 */
export class FakeGateway {
  private readonly server = new WebSocketServer({ noServer: true });
  private readonly sessions = new Map<string, Session>();
  private readonly bySocket = new Map<WebSocket, Session>();
  /** Every gateway packet the client sent (op, d), for assertions. */
  readonly received: GatewayPacket[] = [];

  constructor(private readonly context: FakeContext) {
    this.server.on('connection', (socket) => this.onConnection(socket));
  }

  attach(httpServer: Server): void {
    httpServer.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
      const path = new URL(request.url ?? '/', 'http://fake.invalid').pathname;
      if (path !== GATEWAY_PATH) {
        socket.destroy();
        return;
      }
      this.server.handleUpgrade(request, socket, head, (ws) => this.server.emit('connection', ws, request));
    });
  }

  /** Whether a client has identified (or resumed) and is listening for dispatches. */
  get connected(): boolean {
    return [...this.sessions.values()].some((s) => s.socket !== null);
  }

  /** Sends a dispatch event to every live session. Throws when no bot is connected. */
  dispatch(event: string, data: unknown): void {
    const live = [...this.sessions.values()].filter((s) => s.socket !== null);
    if (live.length === 0)
      throw new Error(`No discord.js client is connected to the fake gateway; cannot send ${event}`);
    for (const session of live) this.sendDispatch(session, event, data);
  }

  /** Asks the client to reconnect and resume (op 7), as Discord does during maintenance. */
  requestReconnect(): void {
    for (const session of this.sessions.values())
      session.socket?.send(JSON.stringify({ op: GatewayOpcodes.Reconnect, d: null }));
  }

  async close(): Promise<void> {
    for (const socket of this.server.clients) socket.terminate();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private onConnection(socket: WebSocket): void {
    socket.on('message', (raw) => this.onPacket(socket, raw.toString()));
    socket.on('close', () => {
      const session = this.bySocket.get(socket);
      if (session !== undefined && session.socket === socket) session.socket = null;
      this.bySocket.delete(socket);
    });
    socket.send(
      JSON.stringify({ op: GatewayOpcodes.Hello, d: { heartbeat_interval: HEARTBEAT_INTERVAL_MS } }),
    );
  }

  private onPacket(socket: WebSocket, text: string): void {
    let packet: GatewayPacket;
    try {
      packet = JSON.parse(text) as GatewayPacket;
    } catch {
      socket.close(4002, 'Decode error');
      return;
    }
    this.received.push(packet);
    switch (packet.op) {
      case GatewayOpcodes.Heartbeat:
        socket.send(JSON.stringify({ op: GatewayOpcodes.HeartbeatAck }));
        return;
      case GatewayOpcodes.Identify:
        this.identify(socket, packet.d as { token?: string });
        return;
      case GatewayOpcodes.Resume:
        this.resume(socket, packet.d as { token?: string; session_id?: string; seq?: number });
        return;
      case GatewayOpcodes.PresenceUpdate:
      case GatewayOpcodes.RequestGuildMembers:
        return;
      default:
        console.warn(`[fake-discord] gateway op ${packet.op} is not handled by the fake`);
    }
  }

  private identify(socket: WebSocket, data: { token?: string }): void {
    if (data.token !== this.context.token) {
      socket.close(4004, 'Authentication failed.');
      return;
    }
    const session: Session = { id: this.context.ids.next(), socket, sequence: 0, sent: [] };
    this.sessions.set(session.id, session);
    this.bySocket.set(socket, session);
    const { world, bot, applicationId } = this.context;
    const guilds = [...world.guilds.values()];
    this.sendDispatch(session, GatewayDispatchEvents.Ready, {
      v: 10,
      user: { ...apiUser(bot), bot: true, verified: true, mfa_enabled: false, flags: 0 },
      guilds: guilds.map((g) => ({ id: g.id, unavailable: true })),
      session_id: session.id,
      resume_gateway_url: this.context.gatewayUrl(),
      shard: [0, 1],
      application: { id: applicationId, flags: 0 },
    });
    const members = [...world.users.values()].filter((user) => user.guildMember);
    for (const guild of guilds) {
      this.sendDispatch(
        session,
        GatewayDispatchEvents.GuildCreate,
        guildCreatePayload(world, guild, members),
      );
    }
  }

  private resume(socket: WebSocket, data: { token?: string; session_id?: string; seq?: number }): void {
    const session = data.session_id === undefined ? undefined : this.sessions.get(data.session_id);
    if (data.token !== this.context.token || session === undefined) {
      socket.send(JSON.stringify({ op: GatewayOpcodes.InvalidSession, d: false }));
      return;
    }
    if (session.socket !== null && session.socket !== socket) session.socket.terminate();
    session.socket = socket;
    this.bySocket.set(socket, session);
    for (const missed of session.sent.filter((p) => p.s > (data.seq ?? 0))) {
      socket.send(JSON.stringify({ op: GatewayOpcodes.Dispatch, ...missed }));
    }
    this.sendDispatch(session, GatewayDispatchEvents.Resumed, null);
  }

  private sendDispatch(session: Session, event: string, data: unknown): void {
    session.sequence += 1;
    const packet = { s: session.sequence, t: event, d: data };
    session.sent.push(packet);
    session.socket?.send(JSON.stringify({ op: GatewayOpcodes.Dispatch, ...packet }));
  }
}
