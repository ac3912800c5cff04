-- Runs an ArgoCD resource health script the way ArgoCD does: the resource is the global `obj`, the script
-- returns a table with `status` and `message`.
--   lua5.1 health-harness.lua HEALTH_SCRIPT OBJECT_FILE
-- OBJECT_FILE is a Lua chunk that returns the resource as a table (ArgoCDHealthCheckTest writes it from YAML).
-- Prints two lines, "status=<status>" and "message=<message>"; exits non-zero if the script fails or returns
-- no status.
local script = assert(loadfile(arg[1]))
local object = assert(loadfile(arg[2]))
obj = object()
local ok, hs = pcall(script)
if not ok then
  io.stderr:write("health script failed: " .. tostring(hs) .. "\n")
  os.exit(2)
end
if type(hs) ~= "table" or hs.status == nil then
  io.stderr:write("health script returned no status\n")
  os.exit(3)
end
print("status=" .. tostring(hs.status))
print("message=" .. tostring(hs.message))
