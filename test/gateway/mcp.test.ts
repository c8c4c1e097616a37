/**
 * kubernetes-mcp-server — an MCP server no one here wrote, a Go binary using client-go — run
 * as an agent's tool host with nothing but the agent kubeconfig, spoken to over stdio MCP
 * (newline-delimited JSON-RPC): it lists pods through the gateway, and a pod delete the policy
 * refuses comes back to the model as a tool error carrying iddio's Forbidden message.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { runProcess, tempDir } from '../helpers/cli.js';
import { kubectlPath } from '../helpers/kubectl.js';
import { mcpServerPath } from '../helpers/mcp-server.js';
import { auditEvents, eventually, gatewayFor, type TestGateway } from './helpers.js';

interface ToolResult {
  content: Array<{ type: string; text: string }>;
  isError?: boolean;
}

/** A minimal MCP client over a child's stdio: one JSON-RPC message per line. */
class McpClient {
  private buffer = '';
  private nextId = 0;
  private readonly waiting = new Map<number, (message: Record<string, unknown>) => void>();
  stderr = '';

  constructor(private readonly child: ChildProcessWithoutNullStreams) {
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      this.buffer += chunk;
      for (let at = this.buffer.indexOf('\n'); at >= 0; at = this.buffer.indexOf('\n')) {
        const line = this.buffer.slice(0, at).trim();
        this.buffer = this.buffer.slice(at + 1);
        if (line === '') continue;
        const message = JSON.parse(line) as Record<string, unknown>;
        const resolve = this.waiting.get(message.id as number);
        this.waiting.delete(message.id as number);
        resolve?.(message);
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (this.stderr += chunk));
  }

  async request<T>(method: string, params: unknown): Promise<T> {
    const id = ++this.nextId;
    const answer = new Promise<Record<string, unknown>>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no answer to ${method}`)), 30_000);
      this.waiting.set(id, (message) => {
        clearTimeout(timer);
        resolve(message);
      });
    });
    this.child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id, method, params })}\n`);
    const message = await answer;
    if (message.error) throw new Error(`${method}: ${JSON.stringify(message.error)}`);
    return message.result as T;
  }

  notify(method: string): void {
    this.child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', method })}\n`);
  }
}

describe('kubernetes-mcp-server through the gateway', () => {
  let sandbox: Sandbox;
  let gw: TestGateway;
  let server: ChildProcessWithoutNullStreams;
  let mcp: McpClient;

  const direct = (argv: string[]) =>
    runProcess(kubectlPath(), argv, {
      env: { PATH: process.env.PATH, HOME: tempDir(), KUBECONFIG: sandbox.kubeconfigPath },
    });
  const call = (name: string, args: Record<string, string>) =>
    mcp.request<ToolResult>('tools/call', { name, arguments: args });

  before(async () => {
    sandbox = await startSandbox();
    gw = await gatewayFor(sandbox.kubeconfigPath, {
      policy: 'version: 1\ndefault: { 0: allow, 1: allow, 2: escalate, 3: deny, 4: deny }\n',
    });
    // Nothing of the test's environment: the agent kubeconfig is all it has.
    server = spawn(mcpServerPath(), ['--kubeconfig', gw.kubeconfig], {
      env: { PATH: process.env.PATH, HOME: tempDir('iddio-mcp-home-') },
      stdio: 'pipe',
    });
    mcp = new McpClient(server);
    const init = await mcp.request<{ serverInfo: { name: string } }>('initialize', {
      protocolVersion: '2025-06-18',
      capabilities: {},
      clientInfo: { name: 'iddio-test', version: '0' },
    });
    assert.equal(init.serverInfo.name, 'kubernetes-mcp-server');
    mcp.notify('notifications/initialized');
  });
  after(async () => {
    if (server?.exitCode === null) {
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGTERM');
      await exited;
    }
    await gw?.stop();
    await sandbox?.stop();
  });

  it('offers its pod tools', async () => {
    const { tools } = await mcp.request<{ tools: Array<{ name: string }> }>('tools/list', {});
    const names = tools.map((t) => t.name);
    for (const tool of ['pods_list_in_namespace', 'pods_delete']) assert.ok(names.includes(tool));
  });

  it('lists the pods of payments, the same pods the cluster has, on record for the agent', async () => {
    const result = await call('pods_list_in_namespace', { namespace: 'payments' });
    assert.notEqual(result.isError, true, JSON.stringify(result));
    const listed = [...(result.content[0]?.text ?? '').matchAll(/^payments\s+v1\s+Pod\s+(\S+)/gm)]
      .map((m) => m[1])
      .sort();
    const actual = (await direct(['get', 'pods', '-n', 'payments', '-o', 'name'])).stdout
      .trim()
      .split('\n')
      .map((line) => line.replace('pod/', ''))
      .sort();
    assert.deepEqual(listed, actual);
    const decided = await eventually(() =>
      auditEvents(gw.paths.auditLog).find(
        (e) =>
          e.stage === 'decided' &&
          e.agent === 'bot' &&
          (e as { argv?: string[] }).argv?.join(' ') === 'GET /api/v1/namespaces/payments/pods',
      ),
    );
    assert.equal(decided.decision, 'allow');
    assert.equal(decided.tier, 0);
  });

  it('a pod delete is refused with iddio’s Forbidden message, and the pod stays', async () => {
    const victim = (await direct(['get', 'pods', '-n', 'payments', '-o', 'name'])).stdout
      .split('\n')[0]
      ?.replace('pod/', '') as string;
    const result = await call('pods_delete', { namespace: 'payments', name: victim });
    assert.equal(result.isError, true);
    const text = result.content[0]?.text ?? '';
    assert.match(text, /iddio: denied: .*\(T3 sensitive, rule delete, request idd_[0-9A-Z]{26}\)$/);
    const id = /request (idd_\w+)/.exec(text)?.[1];
    const decided = auditEvents(gw.paths.auditLog).find(
      (e) => e.request_id === id && e.stage === 'decided',
    );
    assert.equal(decided?.decision, 'deny');
    assert.equal((await direct(['get', 'pod', victim, '-n', 'payments'])).code, 0);
  });
});
