/**
 * kubectl's `-v` / `--v` request log: at level 6 one line per response, at 7 and above the
 * request line and its headers first, as client-go's round_trippers print them through klog.
 * Credentials are masked exactly where kubectl masks them (Authorization, and the
 * `Bearer <masked>` form), and every value is stripped of terminal controls: a path can come
 * from an agent's argv.
 */
import { STATUS_CODES } from 'node:http';
import type { ClientRequest, IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import { stripControlLine } from '../common/sanitize.js';

export interface RequestLog {
  level: number;
  write: (text: string) => void;
  /** Clock and process id for the klog header; tests fix them. */
  now?: () => Date;
  pid?: number;
}

/** klog's header: `I1206 07:56:38.306238    5258 round_trippers.go:560] `. */
export function klogHeader(file: string, now: Date, pid: number): string {
  const two = (n: number): string => String(n).padStart(2, '0');
  const micros = String(now.getMilliseconds() * 1000).padStart(6, '0');
  const date = `${two(now.getMonth() + 1)}${two(now.getDate())}`;
  const time = `${two(now.getHours())}:${two(now.getMinutes())}:${two(now.getSeconds())}.${micros}`;
  return `I${date} ${time} ${String(pid).padStart(7, ' ')} ${file}] `;
}

/** A header's value as kubectl logs it: credentials masked, the scheme kept. */
export function maskHeader(name: string, value: string): string {
  if (name.toLowerCase() !== 'authorization') return value;
  const space = value.indexOf(' ');
  return space > 0 ? `${value.slice(0, space)} <masked>` : '<masked>';
}

function statusText(status: number): string {
  return `${status} ${STATUS_CODES[status] ?? ''}`.trimEnd();
}

export class RequestLogger {
  constructor(private readonly log: RequestLog) {}

  private line(file: string, message: string): void {
    const now = this.log.now?.() ?? new Date();
    this.log.write(
      `${klogHeader(file, now, this.log.pid ?? process.pid)}${stripControlLine(message)}\n`,
    );
  }

  /** Before the request is sent (level 7 and above). */
  request(method: string, url: string, headers: OutgoingHttpHeaders): void {
    if (this.log.level < 7) return;
    this.line('round_trippers.go:470', `${method} ${url}`);
    this.line('round_trippers.go:476', 'Request Headers:');
    for (const [name, value] of Object.entries(headers)) {
      if (value === undefined || /^content-length$/i.test(name)) continue;
      this.line('round_trippers.go:480', `    ${name}: ${maskHeader(name, String(value))}`);
    }
  }

  /** When the response status has arrived, or the request failed (status 0). */
  response(method: string, url: string, status: number, started: number): void {
    const ms = Date.now() - started;
    const text = status === 0 ? '' : statusText(status);
    if (this.log.level >= 7)
      this.line('round_trippers.go:581', `Response Status: ${text} in ${ms} milliseconds`);
    else this.line('round_trippers.go:560', `${method} ${url} ${text} in ${ms} milliseconds`);
  }

  /** Logs the request's response line once: when its status arrives, or when it fails. */
  track(req: ClientRequest, record: { method: string; status: number }, url: string): void {
    const started = Date.now();
    let logged = false;
    const log = (status: number): void => {
      if (!logged) this.response(record.method, url, status, started);
      logged = true;
    };
    req.once('response', (response: IncomingMessage) => log(response.statusCode ?? 0));
    req.once('close', () => log(record.status));
  }
}
