/**
 * Keep-alive timing of the HTTP server. Node closes an idle keep-alive connection after 5 s;
 * a help desk's HTTP client, or a load balancer in front of us (60 s idle on AWS ALB, nginx
 * 75 s upstream keepalive), may pick that connection for its next delivery just as we close
 * it, and the delivery fails with a reset that never reached us. Keeping idle connections
 * longer than the usual client and proxy idle timeouts makes the client, not us, close first.
 * (bench:soak's sender saw exactly these resets with Node's defaults.)
 */
import type { Server } from 'node:http';

/** Idle keep-alive connections are kept this long (ms): above 60 s load-balancer idle timeouts. */
export const KEEP_ALIVE_TIMEOUT_MS = 65_000;
/** Must exceed the keep-alive timeout, or Node may close a connection whose next request is arriving. */
export const HEADERS_TIMEOUT_MS = 66_000;

export function applyServerTimeouts(server: Server): void {
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  server.headersTimeout = HEADERS_TIMEOUT_MS;
}
