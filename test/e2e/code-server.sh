#!/usr/bin/env bash
# code-server (the VS Code workbench served to a browser) for dmatopo's
# end-to-end test. Everything comes from the npm registry and Debian: nothing
# here downloads from anywhere else.
#
#   code-server.sh deps                 root: apt packages (run `apt-get update` first)
#   code-server.sh deps-check           say what is missing and how to install it
#   code-server.sh install [DIR]        code-server into DIR (default: $DMATOPO_E2E_HOME/code-server)
#   code-server.sh ensure [DIR]         install unless DIR already holds a working install
#   code-server.sh start DIR PORT STATE FOLDER [VSIX]
#                                       STATE gets data/, exts/, config.yaml, code-server.log, code-server.pid
#   code-server.sh stop STATE           stop the whole process group started by `start`
#
# DMATOPO_E2E_HOME defaults to ~/.cache/dmatopo-e2e: outside the repository,
# kept between runs, so the install (about a minute) happens once.
set -euo pipefail

# 4.100.3 (VS Code 1.100.3) is the newest code-server whose engines.node
# accepts Node 20; 4.101 and later want Node 22.
CS_VERSION=4.100.3
E2E_HOME=${DMATOPO_E2E_HOME:-$HOME/.cache/dmatopo-e2e}
NPM=(npm --no-audit --no-fund --loglevel=error)
APT_PACKAGES=(build-essential python3 libkrb5-dev ripgrep chromium curl)

deps() {
  if [ "$(id -u)" != 0 ]; then
    echo "deps installs Debian packages and must run as root: apt-get update && $0 deps" >&2
    return 1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${APT_PACKAGES[@]}"
}

# Checks what the install and the test need; prints the commands that fix it.
deps_check() {
  local missing=()
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  [ -x /usr/bin/rg ] || missing+=(ripgrep)
  command -v make > /dev/null && command -v g++ > /dev/null || missing+=(build-essential)
  command -v python3 > /dev/null || missing+=(python3)
  command -v curl > /dev/null || missing+=(curl)
  [ -f /usr/include/gssapi/gssapi.h ] || [ -x /usr/bin/krb5-config ] || missing+=(libkrb5-dev)
  if [ ${#missing[@]} -gt 0 ]; then
    cat >&2 <<MSG
The e2e test needs Debian packages that are missing: ${missing[*]}
Install them (as root) with:
    apt-get update && bash test/e2e/code-server.sh deps
MSG
    return 1
  fi
}

install() {
  local dir=${1:-$E2E_HOME/code-server}
  deps_check
  mkdir -p "$dir"
  cd "$dir"
  [ -f package.json ] || echo '{"name":"dmatopo-e2e-code-server","private":true}' > package.json
  # code-server's postinstall would `npm install` lib/vscode, where
  # @vscode/ripgrep fetches rg from GitHub, which is unreachable: skip all
  # install scripts and do their work by hand below.
  "${NPM[@]}" install --ignore-scripts "code-server@$CS_VERSION"
  # argon2 is loaded at startup (password auth). Its node-pre-gyp would try a
  # prebuilt download; build it from source against Node's headers instead.
  npm_config_build_from_source=true "${NPM[@]}" rebuild argon2
  cd node_modules/code-server/lib/vscode
  "${NPM[@]}" install --omit=dev --ignore-scripts
  # Debian's ripgrep takes the place of the downloaded one (search, Quick Open).
  mkdir -p node_modules/@vscode/ripgrep/bin
  cp /usr/bin/rg node_modules/@vscode/ripgrep/bin/rg
  # The native modules, rebuilt by name. kerberos tries a prebuilt first, fails
  # fast offline and falls back to node-gyp. node-pty runs `npx node-gyp`,
  # which refuses to fetch without yes=true.
  npm_config_yes=true "${NPM[@]}" rebuild kerberos @vscode/spdlog @vscode/deviceid native-watchdog node-pty
  # (@parcel/watcher ships a prebuilt for linux-x64-glibc as an optional npm
  # dependency, so there is nothing to build for it.)
  # The three links code-server's postinstall would make:
  ln -sfn node_modules node_modules.asar
  ln -sfn code-linux.sh bin/remote-cli/code-server
  ln -sfn browser-linux.sh bin/helpers/browser.sh
  # The built-in extensions' own dependencies (typescript); its postinstall only prunes.
  (cd extensions && "${NPM[@]}" install --omit=dev)
  echo "$CS_VERSION" > "$dir/.dmatopo-installed"
  echo "code-server $CS_VERSION installed in $dir"
}

# Installs once, then reuses: the marker is written only by a finished install.
ensure() {
  local dir=${1:-$E2E_HOME/code-server}
  # (--config: without it even --version writes ~/.config/code-server/config.yaml)
  if [ "$(cat "$dir/.dmatopo-installed" 2>/dev/null)" = "$CS_VERSION" ] && : > "$dir/empty-config.yaml" \
    && "$dir/node_modules/.bin/code-server" --config "$dir/empty-config.yaml" --version > /dev/null 2>&1; then
    echo "code-server $CS_VERSION already installed in $dir"
    return
  fi
  local t0=$SECONDS
  rm -f "$dir/.dmatopo-installed"
  (install "$dir")
  echo "install took $((SECONDS - t0)) s"
}

start() {
  local dir=$1 port=$2 state=$3 folder=$4 vsix=${5:-}
  local cs="$dir/node_modules/.bin/code-server"
  mkdir -p "$state/data/User" "$state/exts"
  # An empty config file of its own, or code-server writes ~/.config/code-server/config.yaml.
  : > "$state/config.yaml"
  # No Welcome page, no trust prompt, no telemetry or update checks.
  [ -f "$state/data/User/settings.json" ] || cat > "$state/data/User/settings.json" <<'JSON'
{ "workbench.startupEditor": "none", "workbench.tips.enabled": false, "security.workspace.trust.enabled": false,
  "telemetry.telemetryLevel": "off", "extensions.autoCheckUpdates": false, "extensions.autoUpdate": false,
  "update.mode": "none", "workbench.enableExperiments": false, "chat.disableAIFeatures": true }
JSON
  local common=(--config "$state/config.yaml" --user-data-dir "$state/data" --extensions-dir "$state/exts")
  [ -z "$vsix" ] || "$cs" "${common[@]}" --install-extension "$vsix"
  # setsid: code-server leads a process group of its own that also holds the
  # extension host and the language server, so `stop` can end them all.
  setsid "$cs" "${common[@]}" --auth none --bind-addr "127.0.0.1:$port" --disable-telemetry \
    --disable-update-check --disable-workspace-trust --disable-getting-started-override \
    "$folder" > "$state/code-server.log" 2>&1 < /dev/null &
  echo $! > "$state/code-server.pid"
  for _ in $(seq 150); do
    if curl -fs "http://127.0.0.1:$port/healthz" > /dev/null; then
      echo "code-server up: http://127.0.0.1:$port/?folder=$folder (pid $(cat "$state/code-server.pid"))"
      return
    fi
    sleep 0.2
  done
  echo "code-server did not come up; see $state/code-server.log" >&2
  stop "$state"
  return 1
}

stop() {
  local state=$1 pid
  pid=$(cat "$state/code-server.pid" 2>/dev/null) || return 0
  kill -TERM -- "-$pid" 2>/dev/null || true
  for _ in $(seq 50); do
    kill -0 -- "-$pid" 2>/dev/null || { rm -f "$state/code-server.pid"; return; }
    sleep 0.1
  done
  kill -KILL -- "-$pid" 2>/dev/null || true
  rm -f "$state/code-server.pid"
}

case ${1:-} in
  deps) deps ;;
  deps-check) deps_check ;;
  install) shift; install "$@" ;;
  ensure) shift; ensure "$@" ;;
  start) shift; start "$@" ;;
  stop) shift; stop "$@" ;;
  *) sed -n '2,15p' "$0" >&2; exit 2 ;;
esac
