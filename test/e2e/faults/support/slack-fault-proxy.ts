/**
 * A fault-injecting proxy in front of the fake Slack (both on loopback): point the service's
 * `SLACK_API_URL` at `proxy.apiUrl` and switch modes while it runs — pass through, answer
 * slowly (the call is performed at once, the answer held back), 429 with Retry-After, 500, or
 * hang (with or without performing the call first).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type SlackMode =
  | { kind: 'pass' }
  | { kind: 'slow'; answerAfterMs: number; methods?: string[] }
  | { kind: 'rate_limited'; retryAfterSec: number }
  | { kind: 'server_error' }
  /** Never answers; `commit`: perform the call first (`always`), never, or only posts (`posts`: Slack took the message, the answer was lost). */
  | { kind: 'hang'; commit: 'never' | 'always' | 'posts' };

export interface ProxiedCall {
  method: string;
  at: number;
  /** What the proxy did: `pass`, `slow`, `rate_limited`, `server_error`, `hang`, `hang_after_commit`. */
  outcome: string;
  /** The notice id of a post (its metadata), when it carried one. */
  noticeId: string | undefined;
}

export class SlackFaultProxy {
  readonly calls: ProxiedCall[] = [];
  private mode: SlackMode = { kind: 'pass' };
  private server: Server | undefined;
  private url: string | undefined;
  private readonly held = new Set<ServerResponse>();
  private inflightPosts = 0;

  constructor(private readonly target: string) {}

  async start(): Promise<string> {
    const server = createServer((req, res) => void this.handle(req, res).catch(() => res.destroy()));
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`;
    return this.url;
  }

  get apiUrl(): string {
    if (this.url === undefined) throw new Error('SlackFaultProxy: call start() first');
    return this.url;
  }

  setMode(mode: SlackMode): void {
    this.mode = mode;
  }

  /** Posts performed but not answered yet (slow mode). */
  get postsInFlight(): number {
    return this.inflightPosts;
  }

  async stop(): Promise<void> {
    for (const res of this.held) res.destroy();
    this.held.clear();
    const server = this.server;
    if (server === undefined) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    this.server = undefined;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.url ?? '').replace(/^\/api\//, '').split('?')[0] ?? '';
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const call: ProxiedCall = { method, at: Date.now(), outcome: 'pass', noticeId: noticeIdIn(body.toString('utf8'), req.headers['content-type']) };
    this.calls.push(call);
    const mode = this.mode;
    switch (mode.kind) {
      case 'rate_limited':
        call.outcome = mode.kind;
        return send(res, 429, JSON.stringify({ ok: false, error: 'ratelimited' }), { 'Retry-After': String(mode.retryAfterSec) });
      case 'server_error':
        call.outcome = mode.kind;
        return send(res, 500, JSON.stringify({ ok: false, error: 'internal_error' }));
      case 'hang': {
        const commit = mode.commit === 'always' || (mode.commit === 'posts' && method === 'chat.postMessage');
        call.outcome = commit ? 'hang_after_commit' : 'hang';
        if (commit) await this.forward(method, req, body);
        this.held.add(res);
        res.on('close', () => this.held.delete(res));
        return;
      }
      case 'slow': {
        if (mode.methods !== undefined && !mode.methods.includes(method)) break;
        call.outcome = 'slow';
        const isPost = method === 'chat.postMessage';
        if (isPost) this.inflightPosts++;
        const answer = await this.forward(method, req, body);
        await new Promise((r) => setTimeout(r, mode.answerAfterMs));
        if (isPost) this.inflightPosts--;
        return send(res, answer.status, answer.body, answer.headers);
      }
      case 'pass':
        break;
    }
    const answer = await this.forward(method, req, body);
    send(res, answer.status, answer.body, answer.headers);
  }

  private async forward(method: string, req: IncomingMessage, body: Buffer): Promise<{ status: number; body: string; headers: Record<string, string> }> {
    const headers: Record<string, string> = {};
    for (const name of ['content-type', 'authorization']) {
      const v = req.headers[name];
      if (typeof v === 'string') headers[name] = v;
    }
    const res = await fetch(`${this.target}${method}`, { method: 'POST', headers, body });
    const out: Record<string, string> = { 'Content-Type': res.headers.get('content-type') ?? 'application/json' };
    const retryAfter = res.headers.get('retry-after');
    if (retryAfter !== null) out['Retry-After'] = retryAfter;
    return { status: res.status, body: await res.text(), headers: out };
  }
}

function send(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  if (res.destroyed) return; // the caller gave up (timeout, or its process died)
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', ...headers });
  res.end(body);
}

/** The notice id in a post's metadata (form-encoded or JSON body), if any. */
function noticeIdIn(raw: string, contentType: string | undefined): string | undefined {
  try {
    const metadata = contentType?.includes('application/json') ? (JSON.parse(raw) as { metadata?: unknown }).metadata : new URLSearchParams(raw).get('metadata');
    const parsed = (typeof metadata === 'string' ? JSON.parse(metadata) : metadata) as { event_payload?: { notice_id?: unknown } } | null | undefined;
    const id = parsed?.event_payload?.notice_id;
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
}
