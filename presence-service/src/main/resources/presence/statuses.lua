-- Presence of several users in one round trip.
-- KEYS: for each user, its sessions hash then its last-seen key
-- returns for each user: number of open sessions, last seen (epoch ms) or nil
local out = {}
for i = 1, #KEYS, 2 do
  out[#out + 1] = redis.call('HLEN', KEYS[i])
  out[#out + 1] = redis.call('GET', KEYS[i + 1])
end
return out
