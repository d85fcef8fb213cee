// REST client. The access token lives in memory only; the refresh token in sessionStorage, so a reload of this tab keeps
// the login while other tabs and a closed tab do not (README "Web client"). Tokens are refreshed a minute before expiry.
import type { Attachment, TokenPair, UserProfile } from './types';

const refreshKey = 'chat.refreshToken';
const base = '/api/v1';

/** A failed call: the problem document's `code` (docs/api/README.md "Errors"), or `network` when the server was not reached. */
export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly errors?: Record<string, string[]>) {
    super(message);
  }
}

type SessionListener = (user: UserProfile | null) => void;

export class Api {
  private accessToken: string | null = null;
  private refreshTimer: number | undefined;
  private refreshing: Promise<boolean> | null = null;
  private readonly listeners: SessionListener[] = [];

  get signedIn(): boolean { return this.accessToken !== null; }

  /** The current access token (for the socket's in-band re-authentication); never stored anywhere else. */
  get token(): string | null { return this.accessToken; }

  onSession(listener: SessionListener): void { this.listeners.push(listener); }

  /** Signs in again from the refresh token this tab kept, if any. */
  async resume(): Promise<boolean> {
    return sessionStorage.getItem(refreshKey) ? this.refresh() : false;
  }

  async register(username: string, password: string, displayName: string): Promise<void> {
    this.accept(await this.call<TokenPair>('POST', '/auth/register', { username, password, displayName: displayName || undefined }, false));
  }

  async login(username: string, password: string): Promise<void> {
    this.accept(await this.call<TokenPair>('POST', '/auth/login', { username, password }, false));
  }

  async logout(): Promise<void> {
    const refreshToken = sessionStorage.getItem(refreshKey);
    if (refreshToken) {
      await this.call('POST', '/auth/logout', { refreshToken }, false).catch(() => undefined);
    }
    this.end();
  }

  /** Ends the session locally (logout, a refused refresh, or a session-ending socket close). */
  end(): void {
    this.accessToken = null;
    sessionStorage.removeItem(refreshKey);
    window.clearTimeout(this.refreshTimer);
    for (const listener of this.listeners) listener(null);
  }

  /** Trades the refresh token for a new pair; concurrent callers share one attempt (each refresh token works once). */
  refresh(): Promise<boolean> {
    this.refreshing ??= (async () => {
      const refreshToken = sessionStorage.getItem(refreshKey);
      if (!refreshToken) return false;
      try {
        this.accept(await this.call<TokenPair>('POST', '/auth/refresh', { refreshToken }, false));
        return true;
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) this.end();
        return false;
      } finally {
        this.refreshing = null;
      }
    })();
    return this.refreshing;
  }

  get<T>(path: string): Promise<T> { return this.call<T>('GET', path); }
  post<T>(path: string, body?: unknown): Promise<T> { return this.call<T>('POST', path, body); }
  patch<T>(path: string, body: unknown): Promise<T> { return this.call<T>('PATCH', path, body); }
  put<T>(path: string, body?: unknown): Promise<T> { return this.call<T>('PUT', path, body); }
  delete<T>(path: string): Promise<T> { return this.call<T>('DELETE', path); }

  /** One call; a 401 with a token refreshes once and retries. */
  async call<T>(method: string, path: string, body?: unknown, authorized = true, retried = false): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (authorized && this.accessToken) headers.Authorization = 'Bearer ' + this.accessToken;
    let response: Response;
    try {
      response = await fetch(base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch {
      throw new ApiError(0, 'network', 'The server cannot be reached.');
    }
    if (response.status === 401 && authorized && !retried && (await this.refresh())) {
      return this.call<T>(method, path, body, authorized, true);
    }
    if (!response.ok) {
      let problem: { code?: string; detail?: string; title?: string; errors?: Record<string, string[]> } = {};
      try { problem = await response.json(); } catch { /* not a problem document */ }
      throw new ApiError(response.status, problem.code ?? 'http_' + response.status, problem.detail ?? problem.title ?? response.statusText, problem.errors);
    }
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /**
   * Uploads one file (POST /attachments, multipart `file`), reporting progress from 0 to 1. XMLHttpRequest because fetch
   * has no upload progress. A 401 refreshes once and retries.
   */
  upload(file: File, progress: (fraction: number) => void, retried = false): Promise<Attachment> {
    return new Promise<Attachment>((resolve, reject) => {
      const request = new XMLHttpRequest();
      request.open('POST', base + '/attachments');
      if (this.accessToken) request.setRequestHeader('Authorization', 'Bearer ' + this.accessToken);
      request.upload.onprogress = (event) => { if (event.lengthComputable) progress(event.loaded / event.total); };
      request.onerror = () => reject(new ApiError(0, 'network', 'The server cannot be reached.'));
      request.onload = () => {
        if (request.status === 401 && !retried) {
          void this.refresh().then((ok) => (ok ? this.upload(file, progress, true).then(resolve, reject) : reject(new ApiError(401, 'unauthorized', 'Please sign in again.'))));
          return;
        }
        let body: any = {};
        try { body = JSON.parse(request.responseText); } catch { /* not JSON */ }
        if (request.status >= 200 && request.status < 300) resolve(body as Attachment);
        else reject(new ApiError(request.status, body.code ?? 'http_' + request.status, body.detail ?? body.title ?? request.statusText));
      };
      const form = new FormData();
      form.append('file', file);
      request.send(form);
    });
  }

  private readonly blobs = new Map<string, Promise<string>>();

  /** An attachment's bytes as a blob: URL (attachments need the bearer token, which an <img> cannot send); cached per URL. */
  blobUrl(url: string): Promise<string> {
    let cached = this.blobs.get(url);
    if (!cached) {
      cached = (async () => {
        // Only this server's own URLs get the token.
        const target = new URL(url, location.href);
        if (target.origin !== location.origin) throw new ApiError(0, 'foreign_url', 'Attachment URL is not on this server.');
        const headers: Record<string, string> = this.accessToken ? { Authorization: 'Bearer ' + this.accessToken } : {};
        const response = await fetch(target, { headers });
        if (!response.ok) throw new ApiError(response.status, 'http_' + response.status, response.statusText);
        return URL.createObjectURL(await response.blob());
      })();
      cached.catch(() => this.blobs.delete(url));
      this.blobs.set(url, cached);
    }
    return cached;
  }

  private accept(pair: TokenPair): void {
    this.accessToken = pair.accessToken;
    sessionStorage.setItem(refreshKey, pair.refreshToken);
    window.clearTimeout(this.refreshTimer);
    // A minute before expiry (never sooner than 5 s), so calls and the socket ticket always have a valid token.
    const delay = Math.max(5, pair.expiresIn - 60) * 1000;
    this.refreshTimer = window.setTimeout(() => void this.refresh(), delay);
    for (const listener of this.listeners) listener(pair.user);
  }
}

/** A short message for a failed call, for the page's status line. */
export function describe(error: unknown): string {
  if (error instanceof ApiError) {
    const details = error.errors ? Object.values(error.errors).flat().join(' ') : '';
    return details || error.message || error.code;
  }
  return error instanceof Error ? error.message : String(error);
}
