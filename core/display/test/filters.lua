-- Test helper for conformance.test.ts: evaluates many display filters over one capture in ONE tshark
-- run. Each filter (one per line of the file named by TRAWL_DF_FILTERS) becomes a tap listener with that
-- filter; at the end it prints "index<TAB>ok<TAB>frame numbers" or "index<TAB>error<TAB>message".
local path = os.getenv("TRAWL_DF_FILTERS")
local results = {}
local index = 0
for line in io.lines(path) do
  index = index + 1
  local i = index
  local ok, listener = pcall(Listener.new, "frame", line)
  if ok then
    results[i] = { ok = true, frames = {} }
    function listener.packet(pinfo)
      local frames = results[i].frames
      frames[#frames + 1] = pinfo.number
    end
    function listener.draw()
      local r = results[i]
      io.write(i, "\tok\t", table.concat(r.frames, " "), "\n")
    end
  else
    results[i] = { ok = false }
    io.write(i, "\terror\t", tostring(listener):gsub("[\r\n\t]", " "), "\n")
  end
end
