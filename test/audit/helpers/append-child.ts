// A separate writer process for the concurrency test: waits until the shared start time so that
// every writer appends at once, then appends `count` events and reports how many it wrote.
import { appendAuditEvent } from '../../../src/audit/writer.js';

const [logPath, countText, agent, startAtText] = process.argv.slice(2) as [
  string,
  string,
  string,
  string,
];
const wait = Number(startAtText) - Date.now();
if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
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
process.stdout.write(JSON.stringify({ agent, seqs }));
