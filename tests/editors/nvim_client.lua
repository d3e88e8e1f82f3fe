-- A real LSP client: headless Neovim (0.7+) starts `python -m blamelint lsp`, opens a postmortem,
-- collects the diagnostics, applies the "Disable BL101 for this line" code action, waits for the
-- re-lint, and writes what it saw to $BLAMELINT_REPORT. tests/editors/test_real_clients.py reads it.
local python = os.getenv("BLAMELINT_PYTHON")
local file = os.getenv("BLAMELINT_FILE")
local report = os.getenv("BLAMELINT_REPORT")
local out = {}
local function log(line) table.insert(out, line) end

local function code_of(d)
  if d.user_data and d.user_data.lsp and d.user_data.lsp.code then return d.user_data.lsp.code end
  return d.code
end

local ok, err = pcall(function()
  local client_id = vim.lsp.start_client({
    cmd = { python, "-m", "blamelint", "lsp" },
    root_dir = vim.fn.fnamemodify(file, ":h"),
    settings = { blamelint = { severity = { BL301 = "info" } } },
    on_init = function(client)
      -- Neovim 0.7 does not advertise workspace/configuration, so settings are pushed.
      client.notify("workspace/didChangeConfiguration", { settings = client.config.settings })
    end,
  })
  vim.cmd("edit " .. vim.fn.fnameescape(file))
  local buf = vim.api.nvim_get_current_buf()
  vim.lsp.buf_attach_client(buf, client_id)

  local arrived = vim.wait(60000, function() return #vim.diagnostic.get(buf) > 0 end, 50)
  log("diagnostics arrived: " .. tostring(arrived))
  local target
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    local code = code_of(d)
    log(string.format("diagnostic %d:%d-%d severity=%d code=%s source=%s %s",
      d.lnum + 1, d.col, d.end_col, d.severity, tostring(code), tostring(d.source), d.message))
    if code == "BL101" and target == nil then target = d end
  end
  if target == nil then error("no BL101 diagnostic") end

  local range = {
    start = { line = target.lnum, character = target.col },
    ["end"] = { line = target.end_lnum, character = target.end_col },
  }
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    range = range,
    context = { diagnostics = { { range = range, message = target.message, code = "BL101", source = "blamelint" } } },
  }
  local responses = vim.lsp.buf_request_sync(buf, "textDocument/codeAction", params, 30000) or {}
  local chosen
  for _, response in pairs(responses) do
    for _, action in ipairs(response.result or {}) do
      log("code action: " .. action.title)
      if action.title == "Disable BL101 for this line" then chosen = action end
    end
  end
  if chosen == nil then error("no disable action offered") end
  local line_before = target.lnum
  vim.lsp.util.apply_workspace_edit(chosen.edit, "utf-16")
  log("inserted line: " .. vim.api.nvim_buf_get_lines(buf, line_before, line_before + 1, false)[1])

  local cleared = vim.wait(60000, function()
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      if code_of(d) == "BL101" and d.lnum == line_before + 1 then return false end
    end
    return true
  end, 50)
  log("BL101 cleared after the edit: " .. tostring(cleared))
  vim.lsp.stop_client(client_id)
  local stopped = vim.wait(10000, function() return vim.lsp.client_is_stopped(client_id) end, 50)
  log("server stopped: " .. tostring(stopped))
end)
if not ok then log("error: " .. tostring(err)) end
vim.fn.writefile(out, report)
vim.cmd("qa!")
