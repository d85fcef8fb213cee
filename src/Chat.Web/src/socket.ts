// The WebSocket (docs/api/realtime.md): opened with a single-use ticket, reopened after a drop with exponential back-off
// and full jitter. The app catches up over REST each time the greeting arrives on a reopened socket.
import type { Api } from './api';
import type { Frame } from './types';

export type SocketState = 'connecting' | 'open' | 'reconnecting' | 'closed';

/**
 * Close codes that end the session rather than the connection: reconnecting would only be refused again, so the client
 * signs out. The hardening work names them in realtime.md; 4001 and 4401 are the conventional application codes, 1008 is a
 * policy close (also used when a user opens one socket too many, which is not session-ending, so it is not listed).
 */
export const sessionEndingCloseCodes = new Set<number>([4001, 4401]);

export interface SocketHandlers {
  frame(frame: Frame): void;
  /** The greeting arrived; `reconnected` is true for every socket after the first. */
  connected(reconnected: boolean): void;
  state(state: SocketState): void;
  /** The server ended the session (a session-ending close code). */
  sessionEnded(): void;
}

export class RealtimeSocket {
  private socket: WebSocket | null = null;
  private attempts = 0;
  private everConnected = false;
  private timer: number | undefined;
  private stopped = true;

  constructor(private readonly api: Api, private readonly handlers: SocketHandlers) {}

  get isOpen(): boolean { return this.socket?.readyState === WebSocket.OPEN; }

  start(): void {
    this.stopped = false;
    this.attempts = 0;
    this.everConnected = false;
    void this.open();
  }

  stop(): void {
    this.stopped = true;
    window.clearTimeout(this.timer);
    const socket = this.socket;
    this.socket = null;
    socket?.close(1000, 'signed out');
    this.handlers.state('closed');
  }

  /** Sends a frame if the socket is open; false when it is not (the caller falls back to REST or retries later). */
  send(frame: Frame): boolean {
    if (!this.isOpen) return false;
    this.socket!.send(JSON.stringify(frame));
    return true;
  }

  /** Closes and reopens at once (e.g. after re-authentication). */
  restart(): void {
    this.socket?.close(4000, 'restart');
  }

  private async open(): Promise<void> {
    if (this.stopped) return;
    this.handlers.state(this.everConnected ? 'reconnecting' : 'connecting');
    let ticket: string;
    try {
      ticket = (await this.api.post<{ ticket: string }>('/realtime/ticket')).ticket;
    } catch {
      this.scheduleRetry();
      return;
    }
    if (this.stopped) return;
    const url = new URL('/ws', location.href);
    url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
    url.searchParams.set('ticket', ticket);
    const socket = new WebSocket(url);
    this.socket = socket;
    socket.onmessage = (event) => {
      if (this.socket !== socket) return;
      let frame: Frame;
      try { frame = JSON.parse(String(event.data)) as Frame; } catch { return; }
      if (frame.type === 'connection_established') {
        const reconnected = this.everConnected;
        this.everConnected = true;
        this.attempts = 0;
        this.handlers.state('open');
        this.handlers.connected(reconnected);
      } else if (frame.type === 'reauthenticate') {
        // In-band request to re-authenticate: refresh the tokens, then reopen the socket with a fresh ticket.
        void this.api.refresh().then((ok) => (ok ? this.restart() : this.handlers.sessionEnded()));
        return;
      }
      this.handlers.frame(frame);
    };
    socket.onclose = (event) => {
      if (this.socket !== socket) return;
      this.socket = null;
      if (this.stopped) return;
      if (sessionEndingCloseCodes.has(event.code)) {
        this.stopped = true;
        this.handlers.state('closed');
        this.handlers.sessionEnded();
        return;
      }
      this.scheduleRetry();
    };
  }

  private scheduleRetry(): void {
    if (this.stopped) return;
    this.handlers.state(this.everConnected ? 'reconnecting' : 'connecting');
    // Full jitter over an exponential ceiling: 0.5 s, 1 s, 2 s … up to 15 s, so many clients do not return in step.
    const ceiling = Math.min(15000, 500 * 2 ** this.attempts);
    this.attempts++;
    const delay = 250 + Math.random() * ceiling;
    window.clearTimeout(this.timer);
    this.timer = window.setTimeout(() => void this.open(), delay);
  }
}
