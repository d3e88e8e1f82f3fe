#!/usr/bin/env bash
# CI for the VS Code extension: install, type-check, bundle, test, package, check the package.
# Called by the project's .ci/run from the repository root (any working directory works).
#
# The end-to-end test against the real language server needs an interpreter with blamelint:
# BLAMELINT_PYTHON, or the repository's .venv (which .ci/run creates before calling this).
# Under CI=true a missing interpreter is an error rather than a skipped test.
set -euo pipefail
cd "$(dirname "$0")/.."

node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 20 ]; then
  echo "vscode-extension: Node.js 20 or newer is needed (found $(node --version))" >&2
  exit 1
fi

if [ -z "${BLAMELINT_PYTHON:-}" ] && [ -x ../.venv/bin/python ]; then
  BLAMELINT_PYTHON="$(cd .. && pwd)/.venv/bin/python"
fi
if [ -n "${BLAMELINT_PYTHON:-}" ]; then
  export BLAMELINT_PYTHON
  echo "vscode-extension: end-to-end tests use $BLAMELINT_PYTHON"
elif [ "${CI:-}" = "true" ]; then
  echo "vscode-extension: no interpreter with blamelint for the end-to-end test (set BLAMELINT_PYTHON or create ../.venv)" >&2
  exit 1
else
  echo "vscode-extension: BLAMELINT_PYTHON not set and no ../.venv: the end-to-end tests will be skipped"
fi

echo "--- npm ci"
npm ci --no-audit --no-fund
echo "--- type check"
npm run --silent typecheck
echo "--- bundle"
npm run --silent build
echo "--- tests"
npm run --silent compile-tests
node --test out/test/
echo "--- package"
rm -f blamelint.vsix
npx --no-install vsce package --no-dependencies -o blamelint.vsix
node scripts/check-vsix.mjs blamelint.vsix
