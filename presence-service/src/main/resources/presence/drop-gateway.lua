-- Drops one page of the sessions of a gateway that expired (or stopped). Atomic per page: a user whose last
-- session goes is reported by exactly one caller, however many replicas sweep at once.
-- KEYS[1] gateway's sessions (hash sessionId -> userId)  KEYS[2] gateway expiry (zset)
-- KEYS[3] gateways whose sessions Redis holds (set)      KEYS[4] last heartbeat (hash)
-- ARGV[1] gatewayId  ARGV[2] 'stopped', or the cutoff: drop only if the gateway expires at or before it
-- ARGV[3] HSCAN cursor  ARGV[4] page size  ARGV[5] user key prefix  ARGV[6] now (epoch ms)
-- returns {'alive'} when the gateway is (again) alive, else {next cursor or 'done', lastSeen, users gone offline...}
local stopped = ARGV[2] == 'stopped'
if not stopped then
  local expiry = redis.call('ZSCORE', KEYS[2], ARGV[1])
  if not expiry or tonumber(expiry) > tonumber(ARGV[2]) then
    return {'alive'}
  end
end
redis.call('SREM', KEYS[3], ARGV[1])
local lastSeen = ARGV[6]
if not stopped then
  lastSeen = redis.call('HGET', KEYS[4], ARGV[1]) or ARGV[6]
end
local page = redis.call('HSCAN', KEYS[1], ARGV[3], 'COUNT', ARGV[4])
local fields = page[2]
local result = {page[1], lastSeen}
for i = 1, #fields, 2 do
  local sessionId, userId = fields[i], fields[i + 1]
  redis.call('HDEL', KEYS[1], sessionId)
  local userSessions = ARGV[5] .. userId .. ':sessions'
  if redis.call('HDEL', userSessions, sessionId) == 1 and redis.call('HLEN', userSessions) == 0 then
    redis.call('SET', ARGV[5] .. userId .. ':last-seen', lastSeen)
    result[#result + 1] = userId
  end
end
if page[1] == '0' and redis.call('HLEN', KEYS[1]) == 0 then
  redis.call('ZREM', KEYS[2], ARGV[1])
  redis.call('HDEL', KEYS[4], ARGV[1])
  result[1] = 'done'
end
return result
