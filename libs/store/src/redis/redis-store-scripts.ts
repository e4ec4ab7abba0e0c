/**
 * Lua run by the Redis adapter. Each write compares hashes, writes and journals in one script,
 * so the change journal moves in the same atomic step as the data. A script error does not undo
 * the writes before it: every check comes before the first write.
 */

/** Journals `refs` with consecutive sequences; a ref changed again moves to its newer sequence. */
const JOURNAL = `
local function journal(journalKey, sequenceKey, refs)
  local n = #refs
  local top = redis.call('INCRBY', sequenceKey, n)
  for first = 1, n, 500 do
    local args = {}
    for j = first, math.min(first + 499, n) do
      args[#args + 1] = top - n + j
      args[#args + 1] = refs[j]
    end
    redis.call('ZADD', journalKey, unpack(args))
  end
  return top
end
`;

/**
 * Diffs a staged pass against the live source by hash and, in mode `commit`, renames the staged
 * keys over the live ones and journals every added, updated and deleted ref.
 * KEYS: meta, generation, sources, journal, journal sequence, staged aliases, live aliases, then
 * per type: staged resources, staged hashes, live resources, live hashes.
 * ARGV: source, mode (`preview` or `commit`), the type names in KEYS order.
 * Replies `{added, updated, unchanged, deleted, sequence}`, or the error `PASS_GONE`.
 */
export const DIFF_PASS_SCRIPT = `${JOURNAL}
local source, mode = ARGV[1], ARGV[2]
local types = {}
for i = 3, #ARGV do types[#types + 1] = ARGV[i] end
local function staged(field) return redis.call('HEXISTS', KEYS[1], field) == 1 end
if redis.call('HGET', KEYS[1], 'source') ~= source then return redis.error_reply('PASS_GONE') end
if staged('aliases') and redis.call('EXISTS', KEYS[6]) == 0 then return redis.error_reply('PASS_GONE') end
for i, type in ipairs(types) do
  local k = 4 + 4 * i
  if staged('type:' .. type) and redis.call('EXISTS', KEYS[k], KEYS[k + 1]) < 2 then
    return redis.error_reply('PASS_GONE')
  end
end
local added, updated, unchanged, deleted = 0, 0, 0, 0
local refs = {}
for i, type in ipairs(types) do
  local k = 4 + 4 * i
  local liveHashes, remaining = {}, {}
  local flat = redis.call('HGETALL', KEYS[k + 3])
  for j = 1, #flat, 2 do liveHashes[flat[j]] = flat[j + 1] end
  -- Live ids come from the resources, so ones stored before hashes were kept still count.
  local liveIds = redis.call('HKEYS', KEYS[k + 2])
  for _, id in ipairs(liveIds) do remaining[id] = true end
  flat = redis.call('HGETALL', KEYS[k + 1])
  for j = 1, #flat, 2 do
    local id, hash = flat[j], flat[j + 1]
    if not remaining[id] then
      added = added + 1
      refs[#refs + 1] = type .. '/' .. id
    elseif liveHashes[id] ~= hash then
      updated = updated + 1
      refs[#refs + 1] = type .. '/' .. id
    else
      unchanged = unchanged + 1
    end
    remaining[id] = false
  end
  for _, id in ipairs(liveIds) do
    if remaining[id] then
      deleted = deleted + 1
      refs[#refs + 1] = type .. '/' .. id
    end
  end
end
if mode ~= 'commit' then return {added, updated, unchanged, deleted, 0} end
local function swapIn(isStaged, stagedKey, liveKey)
  if isStaged then
    -- RENAME carries the staging TTL over to the live key: PERSIST drops it.
    redis.call('RENAME', stagedKey, liveKey)
    redis.call('PERSIST', liveKey)
  else
    redis.call('DEL', liveKey)
  end
end
for i, type in ipairs(types) do
  local k = 4 + 4 * i
  local isStaged = staged('type:' .. type)
  swapIn(isStaged, KEYS[k], KEYS[k + 2])
  swapIn(isStaged, KEYS[k + 1], KEYS[k + 3])
end
swapIn(staged('aliases'), KEYS[6], KEYS[7])
redis.call('DEL', KEYS[1])
redis.call('INCR', KEYS[2])
redis.call('SADD', KEYS[3], source)
return {added, updated, unchanged, deleted, journal(KEYS[4], KEYS[5], refs)}
`;

/**
 * Writes resources whose hash differs from the live one and journals them.
 * KEYS: sources, journal, journal sequence, then per type: live resources, live hashes.
 * ARGV: source, then per resource five values: type index (from 0, in KEYS order), id, ref, hash, JSON.
 * Replies `{added, updated, unchanged, 0, sequence}`.
 */
export const UPSERT_SCRIPT = `${JOURNAL}
local added, updated, unchanged = 0, 0, 0
local refs = {}
for j = 2, #ARGV, 5 do
  local k = 4 + 2 * tonumber(ARGV[j])
  local id, ref, hash = ARGV[j + 1], ARGV[j + 2], ARGV[j + 3]
  local old = redis.call('HGET', KEYS[k + 1], id)
  if old == hash then
    unchanged = unchanged + 1
  else
    if old or redis.call('HEXISTS', KEYS[k], id) == 1 then updated = updated + 1 else added = added + 1 end
    redis.call('HSET', KEYS[k], id, ARGV[j + 4])
    redis.call('HSET', KEYS[k + 1], id, hash)
    refs[#refs + 1] = ref
  end
end
redis.call('SADD', KEYS[1], ARGV[1])
return {added, updated, unchanged, 0, journal(KEYS[2], KEYS[3], refs)}
`;

/**
 * Deletes resources and journals the ones that existed.
 * KEYS: journal, journal sequence, then per type: live resources, live hashes.
 * ARGV: per ref three values: type index (from 0, in KEYS order), id, ref.
 * Replies `{0, 0, 0, deleted, sequence}`.
 */
export const REMOVE_SCRIPT = `${JOURNAL}
local refs = {}
for j = 1, #ARGV, 3 do
  local k = 3 + 2 * tonumber(ARGV[j])
  if redis.call('HDEL', KEYS[k], ARGV[j + 1]) == 1 then
    redis.call('HDEL', KEYS[k + 1], ARGV[j + 1])
    refs[#refs + 1] = ARGV[j + 2]
  end
end
return {0, 0, 0, #refs, journal(KEYS[1], KEYS[2], refs)}
`;
