-- The members of every room a user belongs to (the user among them).
-- KEYS[1] the user's rooms (set)   ARGV[1], ARGV[2] prefix and suffix of a room's members key
local rooms = redis.call('SMEMBERS', KEYS[1])
if #rooms == 0 then
  return {}
end
local members = {}
for i, roomId in ipairs(rooms) do
  members[i] = ARGV[1] .. roomId .. ARGV[2]
end
return redis.call('SUNION', unpack(members))
