-- The partitions rebuilt in the epoch Redis holds now; none while it holds no epoch.
-- KEYS[1] the epoch (string)   ARGV[1], ARGV[2] prefix and suffix of an epoch's rebuilt-partitions key
local epoch = redis.call('GET', KEYS[1])
if not epoch then
  return {}
end
return redis.call('SMEMBERS', ARGV[1] .. epoch .. ARGV[2])
