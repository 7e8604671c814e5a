-- A socket closed. Atomic: exactly one caller sees the last session go.
-- KEYS[1] user's sessions  KEYS[2] gateway's sessions  KEYS[3] user's last-seen (epoch ms)
-- ARGV[1] sessionId  ARGV[2] now (epoch ms)
-- returns 1 when the user just went offline (last session gone), 0 otherwise
local removed = redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('HDEL', KEYS[2], ARGV[1])
if removed == 1 and redis.call('HLEN', KEYS[1]) == 0 then
  redis.call('SET', KEYS[3], ARGV[2])
  return 1
end
return 0
