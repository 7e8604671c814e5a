-- Where to deliver: the partitions of gateway.deliveries read by the gateways that hold sockets of each user.
-- KEYS: route:user:{id} of each user. ARGV: now (ms), grace (ms), gateway key prefix, then origin gateway ids.
-- Reply: {'everywhere'} while the directory may be incomplete (Redis lost it less than a grace ago), else
-- {'routed', {partitions of KEYS[1]}, ..., partition of each origin gateway or ''}.
-- Entries of gateways that stopped refreshing their key are dropped on the way.
local now = tonumber(ARGV[1])
local since = redis.call('GET', 'route:since')
if not since then
  redis.call('SET', 'route:since', ARGV[1])
  return {'everywhere'}
end
if now - tonumber(since) < tonumber(ARGV[2]) then
  return {'everywhere'}
end
local prefix = ARGV[3]
local partitionOf = {}
local function partition(gatewayId)
  local known = partitionOf[gatewayId]
  if known == nil then
    known = redis.call('GET', prefix .. gatewayId) or false
    partitionOf[gatewayId] = known
  end
  return known
end
local reply = {'routed'}
for _, key in ipairs(KEYS) do
  local found = {}
  local entries = redis.call('HGETALL', key)
  for j = 1, #entries, 2 do
    local gatewayId, sockets = entries[j], tonumber(entries[j + 1])
    local p = partition(gatewayId)
    if not p or sockets == 0 then
      redis.call('HDEL', key, gatewayId)
    elseif sockets > 0 then
      found[#found + 1] = p
    end
  end
  reply[#reply + 1] = found
end
for i = 4, #ARGV do
  reply[#reply + 1] = partition(ARGV[i]) or ''
end
return reply
