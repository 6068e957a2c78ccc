#!/bin/bash
# Proves each fault test guards its protection: removes one protection at a time from src/,
# runs the fault test that covers it, expects it to FAIL, and puts the source back.
#
#   bash test/e2e/faults/mutation-check.sh        (about 6 minutes; needs Redis like the tests)
#
# It edits files under src/ and restores them with `git checkout`, so it refuses to run while
# any of them has uncommitted changes. Prints one line per protection and exits 1 if a test
# still passed without its protection.
set -u
cd "$(dirname "$0")/../../.."
FILES="src/notify/post-once.ts src/queues/workers.ts src/queues/queues.ts src/store/redis-connection.ts src/queues/scheduled-job.ts src/store/change-feed.ts src/queues/event-order.ts src/queues/checkpoint-reconciler.ts"
if ! git diff --quiet -- $FILES; then
  echo "mutation-check: commit or stash your changes to these files first: $(git diff --name-only -- $FILES | tr '\n' ' ')" >&2
  exit 2
fi
trap 'git checkout -- $FILES' EXIT
survived=0

# check NAME TEST FILTER PYTHON-PATCH
check() {
  local name="$1" test="$2" filter="$3" patch="$4"
  python3 -c "$patch" || { echo "$name: the mutation no longer applies (update this script)"; survived=1; return; }
  if npx vitest run "$test" -t "$filter" > "/tmp/mutation-check-$name.log" 2>&1; then
    echo "$name: SURVIVED — $test passed without the protection (log: /tmp/mutation-check-$name.log)"; survived=1
  else
    echo "$name: caught — $test fails without the protection"
  fi
  git checkout -- $FILES
}

check blind-repost test/e2e/faults/worker-kill.test.ts "mid-post" "
p='src/notify/post-once.ts'; s=open(p).read(); a='if (!started) {'; assert a in s; open(p,'w').write(s.replace(a,'if (false) {',1))"
check no-stalled-recovery test/e2e/faults/worker-kill.test.ts "mid-burst" "
p='src/queues/workers.ts'; s=open(p).read(); a='prefix: \`{\${deps.prefix}}\`,'; assert a in s; open(p,'w').write(s.replace(a, a+' maxStalledCount: 0,',1))"
check no-reconnect test/e2e/faults/redis-restart.test.ts "reconnects" "
for p in ['src/queues/workers.ts','src/queues/queues.ts','src/store/redis-connection.ts','src/queues/scheduled-job.ts','src/store/change-feed.ts']:
    s=open(p).read(); n=0
    for a in ['maxRetriesPerRequest: null','maxRetriesPerRequest: 1']:
        n+=s.count(a); s=s.replace(a, a+', retryStrategy: () => null')
    assert n>0, p
    open(p,'w').write(s)"
check no-notify-retry test/e2e/faults/slack-outage.test.ts "delivers every alert" "
p='src/queues/queues.ts'; s=open(p).read(); a='notify: { attempts: 120,'; assert a in s; open(p,'w').write(s.replace(a,'notify: { attempts: 1,',1))"
check no-event-order test/e2e/faults/shared-prefix.test.ts "same ticket states" "
p='src/queues/event-order.ts'; s=open(p).read(); a='async mustWait(event: TicketEvent, now: number, applied: () => Promise<readonly string[]>): Promise<boolean> {'; assert a in s; open(p,'w').write(s.replace(a, a+' if (Date.now() > 0) return false;',1))"
check no-reconciler-repair test/integration/queues/reconciler.test.ts "recreates missing" "
p='src/queues/checkpoint-reconciler.ts'; s=open(p).read(); a='for (const job of plan.missing) if (await this.recreate(job)) missing++;'; assert a in s; open(p,'w').write(s.replace(a,'for (const job of plan.missing) if (job === null && (await this.recreate(job))) missing++;',1))"
check no-stale-removal test/integration/queues/reconciler.test.ts "recreates missing" "
p='src/queues/checkpoint-reconciler.ts'; s=open(p).read(); a='const stale = await this.removeStale(expected);'; assert a in s; open(p,'w').write(s.replace(a,'const stale = expected.size < 0 ? await this.removeStale(expected) : 0;',1))"

exit $survived
