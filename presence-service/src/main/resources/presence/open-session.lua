-- A socket opened. Atomic, so with several presence-service replicas exactly one sees the first session.
-- KEYS[1] user's sessions (hash sessionId -> gatewayId)   KEYS[2] gateway's sessions (hash sessionId -> userId)
-- KEYS[3] gateway expiry (zset gatewayId -> expires at, epoch ms)
-- ARGV[1] sessionId  ARGV[2] gatewayId  ARGV[3] userId  ARGV[4] expiry to give a gateway not known yet
-- returns 1 when the user just came online (first session), 0 otherwise
local added = redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('HSET', KEYS[2], ARGV[1], ARGV[3])
redis.call('ZADD', KEYS[3], 'NX', ARGV[4], ARGV[2])
if added == 1 and redis.call('HLEN', KEYS[1]) == 1 then
  return 1
end
return 0
