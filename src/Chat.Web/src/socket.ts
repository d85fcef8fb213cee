// The WebSocket (docs/api/realtime.md): opened with a single-use ticket, reopened after a drop with exponential back-off
// and full jitter. The app catches up over REST each time the greeting arrives on a reopened socket.
import type { Api } from './api';
import type { Frame } from './types';

const reauthenticateRef = 'reauthenticate';

export type SocketState = 'connecting' | 'open' | 'reconnecting' | 'closed';

/** realtime.md "Close codes": 4001 — the login ended (sign in again; never reconnect with the same login). */
export const sessionEndedCloseCode = 4001;

/** realtime.md "Close codes": 4002 — the socket's access token expired; refresh the tokens and reconnect. */
export const tokenExpiredCloseCode = 4002;

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

  /**
   * Binds the open socket to a fresh access token (realtime.md `reauthenticate`), so it is not closed with 4002 when the
   * token it was opened with expires. Called after every token refresh, which comes a minute before expiry.
   */
  reauthenticate(): void {
    const token = this.api.token;
    if (token) this.send({ type: 'reauthenticate', ref: reauthenticateRef, token });
  }

  /** Closes and reopens at once. */
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
      } else if (frame.type === 'error' && frame.ref === reauthenticateRef) {
        // The fresh token was refused: reopen with a new ticket. (A server without in-band renewal answers
        // unknown_type; its sockets are not closed when the token expires, so there is nothing to do.)
        if (frame.code === 'unauthorized') this.restart();
        return;
      } else if (frame.type === 'reauthenticated') {
        return;
      }
      this.handlers.frame(frame);
    };
    socket.onclose = (event) => {
      if (this.socket !== socket) return;
      this.socket = null;
      if (this.stopped) return;
      if (event.code === sessionEndedCloseCode) {
        this.stopped = true;
        this.handlers.state('closed');
        this.handlers.sessionEnded();
        return;
      }
      if (event.code === tokenExpiredCloseCode) {
        // Refresh first so the new ticket is bought with a live token; then reopen at once.
        void this.api.refresh().then((ok) => (ok ? void this.open() : this.handlers.sessionEnded()));
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
