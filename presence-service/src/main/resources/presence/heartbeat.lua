-- A gateway is alive until ARGV[2].
-- KEYS[1] gateway expiry (zset)  KEYS[2] gateways whose sessions Redis holds (set)  KEYS[3] last heartbeat (hash)
-- ARGV[1] gatewayId  ARGV[2] expires at (epoch ms)  ARGV[3] now (epoch ms)
-- returns 1 when Redis did not hold this gateway's sessions (new gateway, Redis data lost, or the gateway was
-- dropped after a missed heartbeat): it must announce its sessions again
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
redis.call('HSET', KEYS[3], ARGV[1], ARGV[3])
return redis.call('SADD', KEYS[2], ARGV[1])
