-- The audience a user's rooms make: the members of each room of at most ARGV[3] members (the user among them),
-- and the ids of the larger rooms, named rather than listed.
-- KEYS[1] the user's rooms (set)   ARGV[1], ARGV[2] prefix and suffix of a room's members key   ARGV[3] the limit
local limit = tonumber(ARGV[3])
local listed, named = {}, {}
for _, roomId in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  local members = ARGV[1] .. roomId .. ARGV[2]
  if redis.call('SCARD', members) > limit then
    named[#named + 1] = roomId
  else
    listed[#listed + 1] = members
  end
end
if #listed == 0 then
  return {{}, named}
end
return {redis.call('SUNION', unpack(listed)), named}
