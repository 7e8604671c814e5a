-- Users joined or left a room: the room's members and each user's rooms change together.
-- KEYS[1] room's members (set)   KEYS[2..n] the rooms of each user (set), in the order of ARGV[3..]
-- ARGV[1] 'join' or 'leave'   ARGV[2] roomId   ARGV[3..] userIds
local command = ARGV[1] == 'join' and 'SADD' or 'SREM'
for i = 3, #ARGV do
  redis.call(command, KEYS[1], ARGV[i])
  redis.call(command, KEYS[i - 1], ARGV[2])
end
return 0
