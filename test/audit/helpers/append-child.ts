// A separate writer process for the concurrency test and the bench: says "ready", waits for "go"
// on stdin so that every writer starts at once, appends `count` events, reports the seqs it got.
import { appendAuditEvent } from '../../../src/audit/writer.js';

const [logPath, countText, agent] = process.argv.slice(2) as [string, string, string];
process.stdout.write('ready\n');
await new Promise((resolve) => process.stdin.once('data', resolve));
process.stdin.pause();
const seqs: number[] = [];
for (let i = 0; i < Number(countText); i++) {
  const event = await appendAuditEvent(logPath, {
    stage: 'decided',
    request_id: `idd_01JQ2Z3X4Y5V6W7T8S9R${String(i).padStart(6, '0')}`,
    agent,
    verb: 'get',
    tier: 0,
    decision: 'allow',
    argv: ['get', 'pods', String(i)],
  });
  seqs.push(event.seq);
}
process.stdout.write(`${JSON.stringify({ agent, seqs })}\n`);
