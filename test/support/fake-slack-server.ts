/**
 * A local stand-in for Slack, for trying the service without a workspace:
 *   npm run fake-slack            # listens on 127.0.0.1:3100 (FAKE_SLACK_PORT to change)
 *   SLACK_BOT_TOKEN=xoxb-fake-token SLACK_API_URL=http://127.0.0.1:3100/api/ npm start
 * Every message the service posts or updates is printed here.
 */
import { FakeSlack, type FakeSlackCall } from './fake-slack.js';

const port = Number(process.env.FAKE_SLACK_PORT ?? 3100);

function show(call: FakeSlackCall): void {
  if (call.method !== 'chat.postMessage' && call.method !== 'chat.update') return;
  const { channel, text, thread_ts: thread } = call.args as { channel?: string; text?: string; thread_ts?: string };
  const where = `${String(channel)}${thread ? ' (thread reply)' : ''}${call.method === 'chat.update' ? ' (updated)' : ''}`;
  console.log(`${new Date().toISOString()}  ${where}  ${String(text)}${call.outcome === 'ok' ? '' : `  [${call.outcome}]`}`);
}

const slack = new FakeSlack({ onCall: show });
const apiUrl = await slack.start(port);
console.log(`fake Slack listening: SLACK_BOT_TOKEN=${slack.token} SLACK_API_URL=${apiUrl}`);
process.on('SIGINT', () => void slack.stop().then(() => process.exit(0)));
