-- bench/uncached.lua: wrk script of bench/uncached.sh. Every request asks
-- for the overview or the ledger (one of the two at random) of a random
-- premises, so that no kept page is reused:
--   wrk ... -s bench/uncached.lua URL -- resident SESSIONS_FILE
--     a random line "<session> <premises>" of the file mintsessions wrote:
--     each resident's own session and own premises;
--   wrk ... -s bench/uncached.lua URL -- staff SESSION MAX_PREMISES
--     one staff session, premises 1..MAX_PREMISES.
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("id", threads)
end

local mode, entries, staff, maxPremises
function init(args)
  mode = args[1]
  math.randomseed(os.time() * 1000 + (id or 0) * 7919)
  if mode == "resident" then
    entries = {}
    for line in io.lines(args[2]) do
      local cookie, premises = line:match("^(%S+) (%d+)$")
      if cookie then entries[#entries + 1] = { cookie, premises } end
    end
    assert(#entries > 0, "no sessions in " .. args[2])
  elseif mode == "staff" then
    staff, maxPremises = args[2], tonumber(args[3])
  else
    error("mode must be resident or staff")
  end
end

function request()
  local ledger = math.random(2) == 1
  if mode == "resident" then
    local e = entries[math.random(#entries)]
    local path = "/ebok/premises/" .. e[2] .. (ledger and "/ledger" or "")
    return wrk.format("GET", path, { ["Cookie"] = "ebok_session=" .. e[1] })
  end
  local path = "/staff/premises/" .. math.random(maxPremises) .. (ledger and "/ledger" or "/overview")
  return wrk.format("GET", path, { ["Cookie"] = "ebok_session=" .. staff })
end
