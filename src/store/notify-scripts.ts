/**
 * Lua scripts of the notify ledger. Each runs atomically in Redis, so two workers racing on
 * the same alert, root message, channel slot or digest see one consistent answer. Every key
 * a script touches is passed in KEYS and shares the `{prefix}` hash tag (Redis Cluster).
 * Instants are epoch ms, formatted with `%.0f` because Lua's `tostring` may use exponents.
 */
import { createHash } from 'node:crypto';
import type { Redis } from './redis-connection.js';

/** A script run by its SHA (EVALSHA), loaded again (EVAL) when the server does not know it. */
export interface LuaScript {
  lua: string;
  sha: string;
}

function script(lua: string): LuaScript {
  return { lua, sha: createHash('sha1').update(lua).digest('hex') };
}

/** Runs a script; falls back to EVAL once when Redis answers NOSCRIPT (restart, SCRIPT FLUSH). */
export async function runScript(redis: Redis, s: LuaScript, keys: string[], args: Array<string | number>): Promise<unknown> {
  try {
    return await redis.evalsha(s.sha, keys.length, ...keys, ...args);
  } catch (err) {
    if (!(err instanceof Error) || !err.message.startsWith('NOSCRIPT')) throw err;
    return redis.eval(s.lua, keys.length, ...keys, ...args);
  }
}

/**
 * KEYS: delivery. ARGV: now, thread ts ('' for none), ttl.
 * Returns {1 when this call started posting else 0, the delivery's fields after it}.
 */
export const BEGIN_POSTING = script(`
local st = redis.call('HGET', KEYS[1], 'state')
if st and st ~= 'new' then return {0, redis.call('HGETALL', KEYS[1])} end
redis.call('HSET', KEYS[1], 'state', 'posting', 'since', ARGV[1], 'thread', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return {1, redis.call('HGETALL', KEYS[1])}`);

/** KEYS: delivery. ARGV: expected since, now. Compare-and-set of a stale `posting` to a new attempt. */
export const RETAKE_POSTING = script(`
if redis.call('HGET', KEYS[1], 'state') ~= 'posting' or redis.call('HGET', KEYS[1], 'since') ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'since', ARGV[2])
return 1`);

/** KEYS: delivery. ARGV: expected since. Back to `new` (the post certainly did not happen). */
export const ABORT_POSTING = script(`
if redis.call('HGET', KEYS[1], 'state') == 'posting' and redis.call('HGET', KEYS[1], 'since') == ARGV[1] then
  redis.call('HSET', KEYS[1], 'state', 'new')
  redis.call('HDEL', KEYS[1], 'since', 'thread')
end
return 1`);

/**
 * KEYS: delivery, root. ARGV: ts, channel id, via, notice id, ttl, is root ('1'/'0').
 * Records the message and, when it opened the thread and this notice still owns the root, the root ts.
 */
export const MARK_SENT = script(`
redis.call('HSET', KEYS[1], 'state', 'sent', 'ts', ARGV[1], 'channel_id', ARGV[2], 'via', ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
if ARGV[6] == '1' and redis.call('HGET', KEYS[2], 'owner') == ARGV[4] then
  redis.call('HSET', KEYS[2], 'ts', ARGV[1], 'channel_id', ARGV[2])
  redis.call('PEXPIRE', KEYS[2], ARGV[5])
end
return 1`);

/** KEYS: delivery, root, cycle channels. ARGV: error, notice id, ttl, channel. Terminal failure; frees the root claim. */
export const MARK_FAILED = script(`
redis.call('HSET', KEYS[1], 'state', 'failed', 'error', ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
if redis.call('HGET', KEYS[2], 'owner') == ARGV[2] and not redis.call('HGET', KEYS[2], 'ts') then
  redis.call('DEL', KEYS[2])
  redis.call('SREM', KEYS[3], ARGV[4])
end
return 1`);

/** KEYS: delivery. ARGV: now, ttl. Returns 1 the first time only. */
export const MARK_LOGGED = script(`
local st = redis.call('HGET', KEYS[1], 'state')
if st and st ~= 'new' then return 0 end
redis.call('HSET', KEYS[1], 'state', 'logged', 'since', ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1`);

/**
 * KEYS: root, cycle channels, thread queue. ARGV: notice id, now, stale ms, channel, ttl, due
 * instant ('' for none), the delivery key prefix of the channel.
 * Returns {'reply', ts, channel id} once the root is posted, {'root'} to the notice that may post
 * it (first claimant, or taking over a claim older than stale ms), else {'wait', owner, since}.
 * With a due instant the notice joins the cycle's thread queue (by due instant), and waits while
 * an earlier-due alert of the queue is not settled (sent, failed, digested, logged), so that
 * replies come in due order even when they are retried together after an outage. A claimed
 * root never waits (its replies wait for it), and an alert due over stale ms ago holds nobody.
 */
export const CLAIM_ROOT = script(`
local now = tonumber(ARGV[2])
local stale = tonumber(ARGV[3])
local function earlier_unsettled()
  if ARGV[6] == '' then return nil end
  local ahead = redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', '(' .. ARGV[6], 'WITHSCORES')
  for i = 1, #ahead, 2 do
    if now - tonumber(ahead[i + 1]) <= stale then
      local st = redis.call('HGET', ARGV[7] .. ahead[i], 'state')
      if st == false or st == 'new' or st == 'posting' then return {ahead[i], ahead[i + 1]} end
    end
  end
  return nil
end
if ARGV[6] ~= '' then
  redis.call('ZADD', KEYS[3], 'NX', ARGV[6], ARGV[1])
  redis.call('PEXPIRE', KEYS[3], ARGV[5])
end
local ts = redis.call('HGET', KEYS[1], 'ts')
if ts then
  local before = earlier_unsettled()
  if before then return {'wait', before[1], before[2]} end
  return {'reply', ts, redis.call('HGET', KEYS[1], 'channel_id') or ''}
end
local owner = redis.call('HGET', KEYS[1], 'owner')
local since = tonumber(redis.call('HGET', KEYS[1], 'since') or '0')
if owner and owner ~= ARGV[1] and now - since <= stale then
  return {'wait', owner, string.format('%.0f', since)}
end
if owner ~= ARGV[1] then
  local before = earlier_unsettled()
  if before then return {'wait', before[1], before[2]} end
  redis.call('HSET', KEYS[1], 'owner', ARGV[1], 'since', ARGV[2])
end
redis.call('PEXPIRE', KEYS[1], ARGV[5])
redis.call('SADD', KEYS[2], ARGV[4])
redis.call('PEXPIRE', KEYS[2], ARGV[5])
return {'root'}`);

/** KEYS: root, cycle channels. ARGV: notice id, channel. Gives up an unposted root claim. */
export const RELEASE_ROOT = script(`
if redis.call('HGET', KEYS[1], 'owner') == ARGV[1] and not redis.call('HGET', KEYS[1], 'ts') then
  redis.call('DEL', KEYS[1])
  redis.call('SREM', KEYS[2], ARGV[2])
end
return 1`);

/**
 * KEYS: delivery, channel pace. ARGV: now, min interval, max backlog, ttl.
 * A delivery keeps the slot it reserved once. Returns {'slot', at}, or {'full', at} (no reservation)
 * when max backlog alerts already wait for a later slot (the slot at `now` itself is being sent).
 */
export const RESERVE_SLOT = script(`
local slot = redis.call('HGET', KEYS[1], 'slot')
if slot then return {'slot', slot} end
local now = tonumber(ARGV[1])
local gap = tonumber(ARGV[2])
local at = math.max(now, tonumber(redis.call('GET', KEYS[2]) or '0'))
local ahead = 0
if gap > 0 then ahead = math.ceil((at - now) / gap) end
if ahead > tonumber(ARGV[3]) then return {'full', string.format('%.0f', at)} end
redis.call('SET', KEYS[2], string.format('%.0f', at + gap), 'PX', string.format('%.0f', at + gap - now + 60000))
if not redis.call('HGET', KEYS[1], 'state') then redis.call('HSET', KEYS[1], 'state', 'new') end
redis.call('HSET', KEYS[1], 'slot', string.format('%.0f', at))
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return {'slot', string.format('%.0f', at)}`);

/**
 * KEYS: delivery, digest buffer, digest meta, channel pace. ARGV: now, min interval, item, ttl.
 * Appends the item once per delivery; the first item of a buffer reserves the digest's own slot.
 * Returns the digest's instant, or '' when the delivery is already past this point (posting, sent).
 */
export const ADD_TO_DIGEST = script(`
local st = redis.call('HGET', KEYS[1], 'state')
if st == 'digested' then return redis.call('HGET', KEYS[1], 'digest_at') end
if st and st ~= 'new' then return '' end
local at = redis.call('HGET', KEYS[3], 'at')
if not at then
  local now = tonumber(ARGV[1])
  local gap = tonumber(ARGV[2])
  local a = math.max(now, tonumber(redis.call('GET', KEYS[4]) or '0'))
  redis.call('SET', KEYS[4], string.format('%.0f', a + gap), 'PX', string.format('%.0f', a + gap - now + 60000))
  at = string.format('%.0f', a)
  redis.call('HSET', KEYS[3], 'at', at)
end
redis.call('RPUSH', KEYS[2], ARGV[3])
redis.call('HSET', KEYS[1], 'state', 'digested', 'digest_at', at)
for i = 1, 3 do redis.call('PEXPIRE', KEYS[i], ARGV[4]) end
return at`);

/**
 * KEYS: digest buffer, digest meta, batch meta, batch items. ARGV: channel, ttl, now.
 * Returns {'batch', id, at, items} — the batch already sealed if a flush was interrupted, else
 * the buffer sealed now — {'wait', at} before the buffer's slot (a flush that came early must
 * not cut the wave in two), or {'empty'}. Alerts arriving after the seal start a new buffer.
 */
export const SEAL_DIGEST = script(`
if redis.call('EXISTS', KEYS[3]) == 1 then
  return {'batch', redis.call('HGET', KEYS[3], 'id'), redis.call('HGET', KEYS[3], 'at'), redis.call('LRANGE', KEYS[4], 0, -1)}
end
if redis.call('LLEN', KEYS[1]) == 0 then return {'empty'} end
local at = redis.call('HGET', KEYS[2], 'at') or '0'
if tonumber(at) > tonumber(ARGV[3]) then return {'wait', at} end
local id = 'digest/' .. ARGV[1] .. '/' .. at
redis.call('RENAME', KEYS[1], KEYS[4])
redis.call('DEL', KEYS[2])
redis.call('HSET', KEYS[3], 'id', id, 'at', at)
redis.call('PEXPIRE', KEYS[3], ARGV[2])
redis.call('PEXPIRE', KEYS[4], ARGV[2])
return {'batch', id, at, redis.call('LRANGE', KEYS[4], 0, -1)}`);

/**
 * KEYS: batch meta, batch items, batch delivery, item deliveries…. ARGV: batch id, state
 * ('sent'/'failed'), ts, channel id, error, ttl. Settles the digest and each alert in it (sent
 * with the digest's ts, or failed), and clears the batch so the next digest can be sealed.
 */
export const COMPLETE_DIGEST = script(`
if redis.call('HGET', KEYS[1], 'id') ~= ARGV[1] then return 0 end
for i = 3, #KEYS do
  if ARGV[2] == 'sent' then
    redis.call('HSET', KEYS[i], 'state', 'sent', 'ts', ARGV[3], 'channel_id', ARGV[4], 'via', 'digest')
  else
    redis.call('HSET', KEYS[i], 'state', 'failed', 'error', ARGV[5])
  end
  redis.call('PEXPIRE', KEYS[i], ARGV[6])
end
redis.call('DEL', KEYS[1], KEYS[2])
return 1`);

/**
 * KEYS: outcome. ARGV: ended at, rank (cancelled 0, achieved 1), notice JSON, ttl.
 * Stores the outcome unless one that ended later, or at the same instant with a higher rank,
 * is already there (a reply at the instant of the solve beats the solve's cancellation).
 * Returns 1 when this outcome is (now) the cycle's, else 0.
 */
export const CLAIM_OUTCOME = script(`
local e = tonumber(redis.call('HGET', KEYS[1], 'e') or '-1')
local r = tonumber(redis.call('HGET', KEYS[1], 'r') or '-1')
local ne, nr = tonumber(ARGV[1]), tonumber(ARGV[2])
if e > ne or (e == ne and r > nr) then return 0 end
redis.call('HSET', KEYS[1], 'e', ARGV[1], 'r', ARGV[2], 'n', ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return 1`);
