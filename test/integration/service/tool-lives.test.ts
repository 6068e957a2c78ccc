/**
 * The issue's "done when": a Zendesk-shaped and a Jira-shaped ticket life drive the same timers
 * and the same Slack alerts as the generic source, end to end (signed HTTP webhooks → BullMQ on
 * real Redis → SLA clocks → checkpoints → the real Slack notifier → a fake Slack).
 *
 * The LIFE of test/support/ticket-life.ts, compressed to seconds and played in real time from
 * the test's start (`lifeAt`), is told three times, as three tickets, in lockstep: each step is
 * sent at its instant (never before) through the generic source, as the event-subscription
 * deliveries a Zendesk account sends (two per action, the status change first on every other
 * action), and as Jira Service Management deliveries (`jira:issue_created`, then
 * `jira:issue_updated` with the comment and the transition's changelog, plus the abbreviated
 * `comment_created` a webhook also ticking comment events gets). Every event carries its own
 * instant, so the three tickets' timers must be equal to the millisecond, not within a tolerance.
 *
 * Targets (24x7, priority high → sev2): first response 1s, next response 4s, periodic update 4s,
 * resolution 7s; alerts at 50% (#leads) and at the breach (#leads, #managers with a mention).
 *
 * | ms    | step / due instant                                                                    |
 * | ----- | ------------------------------------------------------------------------------------- |
 * | 0     | created: first_response#1 and resolution#1 start                                      |
 * | 500   | first_response 50% → #leads root                                                      |
 * | 1000  | first_response breach → #leads thread reply (broadcast) + #managers root (mention)   |
 * | 2100  | agentReply: first_response achieved 1.1 s late → both roots "responded 1s late"; periodic_update#1 starts |
 * | 2600  | customerReply: next_response#1 starts                                                 |
 * | 3000  | pending (agent reply): next_response#1, periodic_update#1 achieved; periodic_update#2 starts; all clocks pause (resolution at 3.0 s of 7) |
 * | (3500)| where resolution's 50% would be without the pause                                     |
 * | 3800  | reopened (customer reply): clocks resume; next_response#2 starts                      |
 * | 4300  | resolution 50% (3.5 s counted) → #leads root                                          |
 * | 5100  | solved (agent reply): everything achieved in time → resolution root "resolved in time" |
 * | (5800)| 50% of next_response#2 and periodic_update#2, never reached                           |
 *
 * Every due instant is at least 500 ms from every step, so worker latency cannot reorder them.
 * Slack's per-channel pace (1 message/s) is turned off: the three lockstep tickets share the
 * channels, and pacing would delay one ticket's alert behind another's (escalation.test.ts and
 * the notifier tests cover pacing).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { genericTicket, iso } from '../../support/generic-webhook.js';
import { headerOf, noticeIdOf, startServiceHarness, sleepUntil, waitFor, type ServiceHarness, type TicketJson } from '../../support/service-harness.js';
import { slackTraffic, type SlackUpdate } from '../../support/slack-traffic.js';
import { lifeAt, type LifeOffsets, type LifeStep } from '../../support/ticket-life.js';
import { BASE_URL, fixture as jiraFixture, JIRA_SECRET, jiraLife, postJira } from '../../unit/integrations/jira/jira-test-kit.js';
import { eventSubscriptionLifeSteps, postZendesk, SECRET as ZENDESK_SECRET } from '../../unit/integrations/zendesk/zendesk-kit.js';

const CONFIG = `
version: tool-lives-test
calendars:
  always: { timezone: UTC, hours: 24x7 }
severities:
  - id: sev1
    name: Critical
    from: { priority: [urgent] }
  - id: sev2
    name: High
    from: { priority: [high] }
  - id: sev3
    name: Normal
    default: true
policies:
  - id: life
    calendar: always
    pause_on: [pending]
    on_reopen: resume
    targets:
      sev2: { first_response: 1s, next_response: 4s, periodic_update: 4s, resolution: 7s }
    alerts:
      - at: 50%
        notify: [{ slack: "#leads" }]
      - at: breach
        notify:
          - { slack: "#leads" }
          - { slack: "#managers", mention: ["<!subteam^S0MGRS>"] }
integrations:
  generic: { secret: "\${GENERIC_WEBHOOK_SECRET}" }
  zendesk: { secret: "${ZENDESK_SECRET}", subdomain: acme }
  jira: { secret: "${JIRA_SECRET}", base_url: "${BASE_URL}" }
`;

/** The compressed life (ms after creation); see the table above. */
const LIFE_MS: LifeOffsets = { created: 0, agentReply: 2_100, customerReply: 2_600, pending: 3_000, reopened: 3_800, solved: 5_100 };

const CHANNELS = ['#leads', '#managers'] as const;

let h: ServiceHarness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

async function start(): Promise<ServiceHarness> {
  h = await startServiceHarness({ name: 'tool-lives', config: CONFIG, notify: { minIntervalMs: 0 } });
  return h;
}

/** Waits for the next whole second and returns it: help desks stamp creation in whole seconds. */
async function wholeSecondSoon(): Promise<number> {
  const t0 = Math.ceil((Date.now() + 50) / 1000) * 1000;
  await sleepUntil(t0);
  return t0;
}

// ---------------------------------------------------------------------------------------------
// One ticket life told by one tool

interface ToolLife {
  source: 'generic' | 'zendesk' | 'jira';
  ticketId: string;
  /** The deliveries of each step: raw bodies, and what kind of delivery each is. */
  deliveries: Array<Array<{ body: string; kind: string }>>;
  /** POSTs a body to `/webhooks/<source>` with the tool's headers and signature. */
  post(body: string): Promise<Answer>;
}

interface Answer {
  status: number;
  body: { accepted?: number; duplicates?: number };
}

async function answerOf(res: Response): Promise<Answer> {
  return { status: res.status, body: (await res.json()) as Answer['body'] };
}

function genericTool(steps: readonly LifeStep[], ticketId: string): ToolLife {
  const t = genericTicket(ticketId, { createdAt: Date.parse(steps[0]!.at), priority: 'high', status: 'open', subject: 'Checkout is down' });
  const deliveries = steps.map((step) => [
    { kind: 'event', body: JSON.stringify(t.event({ at: Date.parse(step.at), status: step.status, ...(step.comment ? { comment: step.comment } : {}) })) },
  ]);
  return {
    source: 'generic',
    ticketId,
    deliveries,
    post: async (body) => {
      const res = await h!.post(body);
      return { status: res.status, body: res.body as Answer['body'] };
    },
  };
}

function zendeskTool(steps: readonly LifeStep[], ticketId: string): ToolLife {
  const deliveries = eventSubscriptionLifeSteps('alternate', { steps, ticketId }).map((payloads) =>
    payloads.map((p) => ({ kind: String(p.type).replace('zen:event-type:', ''), body: JSON.stringify(p) })),
  );
  // The signature timestamp is the sending instant (the service refuses one 5 minutes off).
  const timestamp = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  return { source: 'zendesk', ticketId, deliveries, post: async (body) => answerOf(await postZendesk(h!.url, body, { timestamp: timestamp() })) };
}

function jiraTool(steps: readonly LifeStep[], key: string): ToolLife {
  let n = 0;
  const deliveries = jiraLife({ steps, key, issueId: '10077' }).map((body) => {
    const out = [{ kind: `${body.webhookEvent}/${body.issue_event_type_name}`, body: JSON.stringify(body) }];
    if (body.comment !== undefined) {
      // A webhook that also ticks "Comment: created" gets the comment again, with an abbreviated issue.
      const c = jiraFixture('comment-created');
      c.timestamp = body.timestamp;
      c.comment = body.comment;
      c.issue.key = key;
      c.issue.id = body.issue.id;
      out.push({ kind: 'comment_created', body: JSON.stringify(c) });
    }
    return out;
  });
  return {
    source: 'jira',
    ticketId: key,
    deliveries,
    post: async (body) => answerOf(await postJira(h!.url, body, { headers: { 'x-atlassian-webhook-identifier': `${key}-delivery-${++n}` } })),
  };
}

/**
 * Plays the life: at each step's instant (never before), every tool sends its deliveries for
 * the step, the tools in parallel. Resolves the answers per step and tool.
 */
async function playLife(steps: readonly LifeStep[], tools: readonly ToolLife[], between?: (tool: ToolLife, step: LifeStep) => (() => Promise<void>) | undefined): Promise<string[][][]> {
  const answers: string[][][] = [];
  for (const [i, step] of steps.entries()) {
    await sleepUntil(Date.parse(step.at));
    answers.push(await Promise.all(tools.map((tool) => sendStep(tool, i, between?.(tool, step)))));
  }
  return answers;
}

/**
 * Sends one step's deliveries of one tool in order (awaiting `between` between two of them);
 * resolves what each was answered, as `<kind> <status> <accepted>/<duplicates>`.
 */
async function sendStep(tool: ToolLife, i: number, between?: () => Promise<void>): Promise<string[]> {
  const answers: string[] = [];
  for (const [n, d] of (tool.deliveries[i] ?? []).entries()) {
    if (n > 0 && between) await between();
    const { status, body } = await tool.post(d.body);
    answers.push(`${d.kind} ${status} ${body.accepted ?? '?'}/${body.duplicates ?? '?'}`);
  }
  return answers;
}

/** A ticket's timers in a stable order (metric, then cycle). */
function timersOf(t: TicketJson): TicketJson['timers'] {
  return [...t.timers].sort((a, b) => a.metric.localeCompare(b.metric) || a.cycle - b.cycle);
}

/** What the ticket says besides its identity and its timers. */
function ticketTerms(t: TicketJson) {
  return { status: t.status, priority: t.priority, severity: t.severity, policy: t.policy, paused: t.paused, subject: t.subject };
}

describe('one ticket life told by the generic source, Zendesk and Jira', () => {
  it('drives identical timers and identical Slack alerts, threads and outcome updates', async () => {
    const h = await start();
    const t0 = await wholeSecondSoon();
    const steps = lifeAt(t0, LIFE_MS);
    const tools = [genericTool(steps, 'LIFE-1'), zendeskTool(steps, '35436'), jiraTool(steps, 'SUP-42')];

    const answers = await playLife(steps, tools);

    // Every delivery was taken: one event each, except Jira's abbreviated comment events (acknowledged, unused).
    expect(answers.map((step) => step[0])).toEqual(steps.map(() => ['event 202 1/0']));
    expect(answers.map((step) => step[1])).toEqual([
      ['ticket.created 202 1/0', 'ticket.comment_added 202 1/0'],
      ['ticket.status_changed 202 1/0', 'ticket.comment_added 202 1/0'], // Zendesk does not order the events of one action
      ['ticket.comment_added 202 1/0'],
      ['ticket.status_changed 202 1/0', 'ticket.comment_added 202 1/0'],
      ['ticket.comment_added 202 1/0', 'ticket.status_changed 202 1/0'],
      ['ticket.status_changed 202 1/0', 'ticket.comment_added 202 1/0'],
    ]);
    expect(answers.map((step) => step[2])).toEqual([
      ['jira:issue_created/issue_created 202 1/0'],
      ['jira:issue_updated/issue_generic 202 1/0', 'comment_created 202 0/0'],
      ['jira:issue_updated/issue_commented 202 1/0', 'comment_created 202 0/0'],
      ['jira:issue_updated/issue_generic 202 1/0', 'comment_created 202 0/0'],
      ['jira:issue_updated/issue_generic 202 1/0', 'comment_created 202 0/0'],
      ['jira:issue_updated/issue_generic 202 1/0', 'comment_created 202 0/0'],
    ]);

    // Three outcome updates per ticket; then nothing is left to happen (no checkpoint is pending).
    await waitFor(() => h.slack.callsOf('chat.update').length >= 9, { timeoutMs: 5_000, message: () => `outcome updates: ${h.slack.callsOf('chat.update').length} of 9` });
    await h.waitForIdle('events');
    await h.waitForIdle('checkpoints');
    await h.waitForIdle('notify');

    // --- Timers: the generic ticket's, as the life and the targets say; the other two identical to it.
    const [generic, zendesk, jira] = await Promise.all(tools.map((tool) => h.ticket(tool.ticketId, tool.source)));
    const at = (ms: number) => iso(t0 + ms);
    expect(ticketTerms(generic!)).toEqual({ status: 'solved', priority: 'high', severity: 'sev2', policy: 'life', paused: false, subject: 'Checkout is down' });
    expect(timersOf(generic!)).toMatchObject([
      { metric: 'first_response', cycle: 1, state: 'breached_achieved', started_at: at(0), breached_at: at(1_000), achieved_at: at(2_100), target_seconds: 1, elapsed_seconds: 2 },
      { metric: 'next_response', cycle: 1, state: 'achieved', started_at: at(2_600), breached_at: null, achieved_at: at(3_000), target_seconds: 4, elapsed_seconds: 0 },
      { metric: 'next_response', cycle: 2, state: 'achieved', started_at: at(3_800), breached_at: null, achieved_at: at(5_100), target_seconds: 4, elapsed_seconds: 1 },
      { metric: 'periodic_update', cycle: 1, state: 'achieved', started_at: at(2_100), breached_at: null, achieved_at: at(3_000), target_seconds: 4, elapsed_seconds: 0 },
      // 3.0 → 5.1 less the pause 3.0 → 3.8: 1.3 s
      { metric: 'periodic_update', cycle: 2, state: 'achieved', started_at: at(3_000), breached_at: null, achieved_at: at(5_100), target_seconds: 4, elapsed_seconds: 1 },
      // 0 → 5.1 less the pause: 4.3 s of 7
      { metric: 'resolution', cycle: 1, state: 'achieved', started_at: at(0), breached_at: null, achieved_at: at(5_100), target_seconds: 7, elapsed_seconds: 4 },
    ]);
    // Whole timer objects, every field: events carry their instants, so no tolerance is needed.
    expect({ terms: ticketTerms(zendesk!), timers: timersOf(zendesk!) }).toEqual({ terms: ticketTerms(generic!), timers: timersOf(generic!) });
    expect({ terms: ticketTerms(jira!), timers: timersOf(jira!) }).toEqual({ terms: ticketTerms(generic!), timers: timersOf(generic!) });

    // --- Slack: the generic ticket's traffic as the alerts say; the other two identical to it.
    const traffic = tools.map((tool) => slackTraffic(h.slack, CHANNELS, tool.source, tool.ticketId));
    const warned = (metric: string) => `⚠️ High · 50% of ${metric} used`;
    const breached = '🔴 High · first response SLA breached';
    expect(traffic[0]!.posts).toEqual([
      { channel: '#leads', notice: 'first_response/1/percent:50', thread: null, broadcast: false, header: warned('first response'), text: `${warned('first response')}: Checkout is down (<ticket>)` },
      { channel: '#leads', notice: 'first_response/1/breach', thread: 'first_response/1/percent:50', broadcast: true, header: breached, text: `${breached}: Checkout is down (<ticket>)` },
      { channel: '#managers', notice: 'first_response/1/breach', thread: null, broadcast: false, header: breached, text: `${breached}: Checkout is down (<ticket>) <!subteam^S0MGRS>` },
      { channel: '#leads', notice: 'resolution/1/percent:50', thread: null, broadcast: false, header: warned('resolution'), text: `${warned('resolution')}: Checkout is down (<ticket>)` },
    ]);
    const late = '☑️ High · responded 1s late';
    const resolved = '✅ High · resolved in time';
    expect(traffic[0]!.updates).toEqual([
      { channel: '#leads', root: 'first_response/1/percent:50', header: late, text: `${late}: Checkout is down (<ticket>)` },
      { channel: '#managers', root: 'first_response/1/breach', header: late, text: `${late}: Checkout is down (<ticket>)` },
      { channel: '#leads', root: 'resolution/1/percent:50', header: resolved, text: `${resolved}: Checkout is down (<ticket>)` },
    ]);
    expect(traffic[1], 'Zendesk').toEqual(traffic[0]);
    expect(traffic[2], 'Jira').toEqual(traffic[0]);
    // Nothing else reached Slack, and nothing failed.
    expect(h.slack.calls.map((c) => `${c.method} ${c.outcome}`).sort()).toEqual([...Array(12).fill('chat.postMessage ok'), ...Array(9).fill('chat.update ok')]);
  });
});

/**
 * Zendesk does not order the events of one action, and delivers each on its own. When an agent's
 * reply solves the ticket and the status change is applied first, the solve cancels the open
 * reply clocks; the comment, applied next at the same instant, turns them into achieved (the
 * core's rule for this case), so the timers end up right. Here both reply clocks had already
 * alerted, so their Slack roots get an outcome. The second delivery is sent once the first is
 * fully handled (events and notify queues idle, some 100 ms later), which fixes the order.
 *
 * | ms    | step / due instant                                                                  |
 * | ----- | ----------------------------------------------------------------------------------- |
 * | 0     | created                                                                             |
 * | 500   | first_response 50% → #leads root                                                   |
 * | 1000  | first_response breach → #leads reply (broadcast) + #managers root                  |
 * | 1500  | agentReply: first_response achieved late; periodic_update#1 starts                 |
 * | 2000  | customerReply: next_response#1 starts                                              |
 * | 2400  | pending (agent reply): next_response#1, periodic_update#1 achieved; pause          |
 * | 2800  | reopened: clocks resume; next_response#2 starts                                    |
 * | 3900  | resolution 50% (2.4 + 1.1 s counted) → #leads root                                 |
 * | 4800  | 50% of next_response#2 and of periodic_update#2 → two #leads roots                |
 * | 5300  | solved with an agent reply (Zendesk: status_changed, then comment_added)           |
 * | (6800)| next_response#2, periodic_update#2 and resolution would breach                     |
 *
 * (A Zendesk reply needs to come at least a second after creation: `detail.updated_at` has
 * whole seconds, and a comment whose ticket was updated in the second it was created looks
 * like the ticket's description.)
 */
describe('a reply that solves the ticket, its status change delivered first by Zendesk', () => {
  const SOLVE_AFTER_ALERTS_MS: LifeOffsets = { created: 0, agentReply: 1_500, customerReply: 2_000, pending: 2_400, reopened: 2_800, solved: 5_300 };
  let outcomes: { generic: SlackUpdate[]; zendesk: SlackUpdate[]; jira: SlackUpdate[] } | undefined;

  const byNotice = <T extends { channel: string }>(key: (x: T) => string) => (a: T, b: T) => key(a).localeCompare(key(b)) || a.channel.localeCompare(b.channel);

  it('gives the same timers, alerts and final Slack messages as the generic source', async () => {
    const h = await start();
    const t0 = await wholeSecondSoon();
    const steps = lifeAt(t0, SOLVE_AFTER_ALERTS_MS);
    const tools = [genericTool(steps, 'SOLVE-1'), zendeskTool(steps, '35437'), jiraTool(steps, 'SUP-43')];
    // The status change is applied (its cancellations saved) before the reply is even sent.
    const settled = async () => {
      await h.waitForIdle('events');
    };
    const answers = await playLife(steps, tools, (tool, step) => (tool.source === 'zendesk' && step.name === 'solved' ? settled : undefined));
    expect(answers[5]![1]).toEqual(['ticket.status_changed 202 1/0', 'ticket.comment_added 202 1/0']);

    await waitFor(() => h.slack.callsOf('chat.update').length >= 9, { timeoutMs: 5_000, message: () => `outcome updates: ${h.slack.callsOf('chat.update').length}` });
    await h.waitForIdle('events');
    await h.waitForIdle('checkpoints');
    await h.waitForIdle('notify');

    const [generic, zendesk, jira] = await Promise.all(tools.map((tool) => h.ticket(tool.ticketId, tool.source)));
    expect(timersOf(generic!).map((t) => `${t.metric}#${t.cycle} ${t.state}`)).toEqual([
      'first_response#1 breached_achieved', 'next_response#1 achieved', 'next_response#2 achieved', 'periodic_update#1 achieved', 'periodic_update#2 achieved', 'resolution#1 achieved',
    ]);
    expect(timersOf(zendesk!)).toEqual(timersOf(generic!));
    expect(timersOf(jira!)).toEqual(timersOf(generic!));

    // Alerts: the same posts (two fall due at the same instant, so compare them as a set).
    const traffic = tools.map((tool) => slackTraffic(h.slack, CHANNELS, tool.source, tool.ticketId));
    const posts = traffic.map((x) => [...x.posts].sort(byNotice((p) => p.notice)).map((p) => `${p.channel} ${p.notice} ${p.thread ?? 'root'} ${p.header}`));
    expect(posts[0]).toEqual([
      '#leads first_response/1/breach first_response/1/percent:50 🔴 High · first response SLA breached',
      '#managers first_response/1/breach root 🔴 High · first response SLA breached',
      '#leads first_response/1/percent:50 root ⚠️ High · 50% of first response used',
      '#leads next_response/2/percent:50 root ⚠️ High · 50% of next response used',
      '#leads periodic_update/2/percent:50 root ⚠️ High · 50% of periodic update used',
      '#leads resolution/1/percent:50 root ⚠️ High · 50% of resolution used',
    ]);
    expect(posts[1], 'Zendesk').toEqual(posts[0]);
    expect(posts[2], 'Jira').toEqual(posts[0]);

    // What the channel shows in the end: every root carries its timer's real outcome.
    const finalRoots = tools.map((tool) =>
      CHANNELS.flatMap((channel) =>
        h.slack
          .messages(channel)
          .filter((m) => m.thread_ts === undefined && noticeIdOf(m)?.startsWith(`${tool.source}/${tool.ticketId}/`))
          .map((m) => `${channel} ${noticeIdOf(m)!.slice(tool.source.length + tool.ticketId.length + 2)} ${headerOf(m)}`),
      ).sort(),
    );
    expect(finalRoots[0]).toEqual([
      '#leads first_response/1/percent:50 ☑️ High · responded 0s late',
      '#leads next_response/2/percent:50 ✅ High · responded in time',
      '#leads periodic_update/2/percent:50 ✅ High · updated in time',
      '#leads resolution/1/percent:50 ✅ High · resolved in time',
      '#managers first_response/1/breach ☑️ High · responded 0s late',
    ]);
    expect(finalRoots[1], 'Zendesk').toEqual(finalRoots[0]);
    expect(finalRoots[2], 'Jira').toEqual(finalRoots[0]);

    const sorted = (updates: SlackUpdate[]) => [...updates].sort(byNotice((u) => u.root));
    outcomes = { generic: sorted(traffic[0]!.updates), zendesk: sorted(traffic[1]!.updates), jira: sorted(traffic[2]!.updates) };
    expect(outcomes.jira, 'Jira').toEqual(outcomes.generic);
  });

  /**
   * The solve applied alone cancels the reply clocks and emits `cancelled` outcomes; the reply
   * at the same instant achieves them. Cancellations wait a few seconds before Slack is
   * updated, and a reply's outcome at the same instant beats a cancellation (atomic claim), so
   * the roots go straight to the real outcome, exactly as for the generic source.
   */
  it('updates the alerted Slack roots with only the real outcome', () => {
    expect(outcomes, 'the previous test did not get this far').toBeDefined();
    expect(outcomes!.zendesk).toEqual(outcomes!.generic);
  });
});
