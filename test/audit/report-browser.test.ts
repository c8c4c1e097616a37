/**
 * The HTML report in a real browser: Debian's headless Chromium (installed by .ci/run). It
 * renders (the screenshot is not blank), the key figures are in the DOM, and no request leaves
 * the page: Chromium runs with a proxy on loopback that records every request it is sent, and a
 * control page proves that a request would be seen.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { delimiter, join } from 'node:path';
import { after, before, test } from 'node:test';
import { runIddio, runProcess, tempDir } from '../helpers/cli.js';
import { knownLog } from './helpers/report-log.js';

function findChromium(): string {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    for (const name of ['chromium', 'chromium-browser']) {
      if (dir && existsSync(join(dir, name))) return join(dir, name);
    }
  }
  throw new Error(
    "headless Chromium is needed for this test: install Debian's `chromium` package (.ci/run does)",
  );
}

/**
 * Chromium's own service traffic (component updates, account and time services), which the
 * flags below reduce but do not silence; it is the browser's, not the page's, so it is set aside
 * by host. Nothing in the report could reach these hosts either: it has no URL at all.
 */
const BROWSER_OWN =
  /^(?:CONNECT |[A-Z]+ http:\/\/)(?:update\.googleapis\.com|accounts\.google\.com|clients\d*\.google\.com|[\w-]+\.gvt1\.com|redirector\.gvt1\.com)[:/]/;

let proxy: Server;
let proxyUrl: string;
const seen: string[] = [];
let reportPath: string;

before(async () => {
  // Every request Chromium sends goes here: plain ones as absolute URLs, TLS ones as CONNECT.
  proxy = createServer((req, res) => {
    const line = `${req.method} ${req.url}`;
    if (!BROWSER_OWN.test(line)) seen.push(line);
    res.writeHead(404).end();
  });
  proxy.on('connect', (req, socket) => {
    const line = `CONNECT ${req.url}`;
    if (!BROWSER_OWN.test(line)) seen.push(line);
    socket.destroy();
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  reportPath = join(tempDir(), 'report.html');
  const made = await runIddio(['audit', 'report', '--file', knownLog(), '--out', reportPath]);
  assert.equal(made.code, 0, made.stderr);
});
after(() => new Promise<void>((resolve) => proxy.close(() => resolve())));

function chromium(args: string[], page: string) {
  return runProcess(
    findChromium(),
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--no-first-run',
      // Chromium's own traffic (updates, time, sign-in), which is not the page's:
      '--disable-component-update',
      '--disable-sync',
      '--disable-extensions',
      '--disable-default-apps',
      '--disable-domain-reliability',
      '--no-pings',
      '--disable-features=NetworkTimeServiceQuerying,OptimizationHints,MediaRouter,AutofillServerCommunication',
      `--user-data-dir=${tempDir('iddio-chromium-')}`,
      `--proxy-server=${proxyUrl}`,
      '--proxy-bypass-list=<-loopback>',
      ...args,
      `file://${page}`,
    ],
    { timeoutMs: 90_000 },
  );
}

test('the control: a page that loads an image makes a request the proxy sees', async () => {
  const page = join(tempDir(), 'control.html');
  writeFileSync(
    page,
    '<!DOCTYPE html><html><body><img src="http://iddio-leak.invalid/pixel.png"></body></html>',
  );
  seen.length = 0;
  const result = await chromium(['--dump-dom'], page);
  assert.match(result.stdout, /pixel\.png/);
  assert.ok(
    seen.some((line) => line.includes('iddio-leak.invalid')),
    `proxy saw: ${seen.join(', ')}`,
  );
});

test('the report makes no request at all, and its policy forbids any even if one were injected', async () => {
  seen.length = 0;
  const result = await chromium(['--dump-dom'], reportPath);
  assert.match(result.stdout, /<\/html>/);
  assert.deepEqual(seen, []);
  const html = readFileSync(reportPath, 'utf8');
  assert.doesNotMatch(html, /<script|<link|<iframe|<img|@import|url\(|\bsrc=|\bhref=/i);
  // The same page with an injected image: the Content-Security-Policy keeps the browser from fetching it.
  const injected = join(tempDir(), 'injected.html');
  writeFileSync(
    injected,
    html.replace('</body>', '<img src="http://iddio-leak.invalid/x.png"></body>'),
  );
  seen.length = 0;
  await chromium(['--dump-dom'], injected);
  assert.deepEqual(seen, []);
});

test('the key figures and the charts are in the rendered DOM', async () => {
  const dom = (await chromium(['--dump-dom'], reportPath)).stdout;
  const figure = (id: string) =>
    new RegExp(`data-figure="${id}"><b[^>]*>([^<]*)</b>`).exec(dom)?.[1];
  assert.equal(figure('verification'), 'intact');
  assert.equal(figure('commands'), '9');
  assert.equal(figure('escalations'), '5');
  assert.equal(figure('unsigned-approvals'), '2');
  assert.equal(figure('denials'), '4');
  assert.equal(figure('tokens-revoked'), '1');
  assert.equal(figure('latency-p50'), '20.0 s');
  for (const id of ['chart-activity', 'chart-agents', 'chart-latency', 'chart-denials']) {
    assert.match(dom, new RegExp(`<svg [^>]*id="${id}"`));
  }
  assert.match(dom, /<td>carol<\/td><td>inbox<\/td><td>90\.0 s<\/td><td>unsigned<\/td>/);
});

test('a screenshot of the report is not blank (far larger than one of an empty page)', async () => {
  const dir = tempDir();
  const empty = join(dir, 'empty.html');
  writeFileSync(empty, '<!DOCTYPE html><html><body></body></html>');
  const shot = async (page: string, name: string) => {
    const png = join(dir, name);
    await chromium([`--screenshot=${png}`, '--window-size=1200,1600', '--hide-scrollbars'], page);
    assert.ok(existsSync(png), `no screenshot of ${page}`);
    return statSync(png).size;
  };
  const blank = await shot(empty, 'empty.png');
  const report = await shot(reportPath, 'report.png');
  assert.ok(report > blank * 10, `report ${report} bytes, empty page ${blank} bytes`);
});

test('it prints: Chromium makes a multi-page PDF of it, with print styles that keep charts and rows whole', async () => {
  const pdf = join(tempDir(), 'report.pdf');
  await chromium([`--print-to-pdf=${pdf}`, '--no-pdf-header-footer'], reportPath);
  const bytes = readFileSync(pdf).toString('latin1');
  assert.ok(bytes.startsWith('%PDF-'), 'a PDF');
  const pages = Number(
    /\/Type \/Pages[^>]*\/Count (\d+)|\/Count (\d+)/.exec(bytes)?.slice(1).find(Boolean),
  );
  assert.ok(pages >= 2, `${pages} pages`);
  assert.match(readFileSync(reportPath, 'utf8'), /@media print\{[^}]*\}.*break-inside:avoid/s);
});
