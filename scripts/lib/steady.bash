# shellcheck shell=bash
# Start and stop the Steady mock server (the npm package @stdy/cli, pinned in
# package.json) for scripts/test and .ci/run. Source it from the repository
# root; it defines:
#
#   steady_start    start Steady with openapi.yml on a free loopback port and
#                   wait until it answers; sets STEADY_URL (http://127.0.0.1:PORT)
#   steady_stop     stop it (safe to call twice, and from an EXIT trap)
#   steady_report   sum up Steady's findings: those on requests the tests
#                   broke on purpose (marked X-Avara-Broken-On-Purpose) are
#                   expected, any other is a failure (see steady-report.js)
#
# Steady's log goes to STEADY_LOG, one JSON record per request (headers
# included, so that the marked requests can be told apart).
# STEADY_START_TIMEOUT bounds the wait (seconds, default 30).

STEADY_PID=""
STEADY_URL=""
STEADY_LOG="${STEADY_LOG:-$(mktemp "${TMPDIR:-/tmp}/steady.XXXXXX")}"

# steady_bin: the native Steady binary, started directly (not through the
# npm wrapper) so that the process we signal is the server itself.
steady_bin() {
	if [[ ! -d node_modules/@stdy/cli ]]; then
		echo "steady: @stdy/cli is not installed; running npm ci" >&2
		npm ci --no-audit --no-fund --loglevel=error >&2
	fi
	node -e '
		const path = require("path");
		const pkg = `@stdy/cli-${process.platform}-${process.arch}/package.json`;
		try {
			console.log(path.join(path.dirname(require.resolve(pkg)), "bin", "steady"));
		} catch (e) {
			console.log(path.resolve("node_modules/.bin/steady"));
		}
	'
}

# steady_probe URL: 0 when an HTTP server answers 2xx at URL.
steady_probe() {
	if command -v curl >/dev/null 2>&1; then
		curl -fsS -o /dev/null --max-time 2 "$1" 2>/dev/null
	else
		node -e '
			const req = require("http").get(process.argv[1], { timeout: 2000 }, (res) => {
				process.exit(res.statusCode >= 200 && res.statusCode < 300 ? 0 : 1);
			});
			req.on("error", () => process.exit(1));
			req.on("timeout", () => { req.destroy(); process.exit(1); });
		' "$1"
	fi
}

steady_free_port() {
	node -e '
		const s = require("net").createServer();
		s.listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });
	'
}

steady_start() {
	local bin timeout="${STEADY_START_TIMEOUT:-30}" attempt port deadline
	bin="$(steady_bin)"
	for attempt in 1 2 3; do
		port="$(steady_free_port)"
		"$bin" --host 127.0.0.1 -p "$port" --reject-on-sdk-error --no-color \
			--log-format json --log-level full openapi.yml >"$STEADY_LOG" 2>&1 &
		STEADY_PID=$!
		deadline=$((SECONDS + timeout))
		while ((SECONDS < deadline)); do
			if steady_probe "http://127.0.0.1:$port/_x-steady/health"; then
				STEADY_URL="http://127.0.0.1:$port"
				echo "steady: Steady $(node -p 'require("./node_modules/@stdy/cli/package.json").version') serves openapi.yml at $STEADY_URL (pid $STEADY_PID, log $STEADY_LOG)"
				return 0
			fi
			kill -0 "$STEADY_PID" 2>/dev/null || break # it exited (port taken meanwhile?)
			sleep 0.2
		done
		if kill -0 "$STEADY_PID" 2>/dev/null; then
			echo "steady: Steady did not answer on port $port within ${timeout}s" >&2
			steady_stop
			break
		fi
		wait "$STEADY_PID" 2>/dev/null || true
		STEADY_PID=""
		echo "steady: Steady exited before answering (attempt $attempt of 3)" >&2
	done
	echo "steady: could not start Steady ($bin). Its log:" >&2
	sed 's/^/  | /' "$STEADY_LOG" >&2 || true
	return 1
}

steady_stop() {
	local pid="$STEADY_PID"
	STEADY_PID=""
	[[ -n "$pid" ]] || return 0
	if kill -0 "$pid" 2>/dev/null; then
		kill -TERM "$pid" 2>/dev/null || true
		local _
		for _ in $(seq 1 50); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.1
		done
		kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
	fi
	wait "$pid" 2>/dev/null || true
}

steady_report() {
	node scripts/lib/steady-report.js "$STEADY_LOG"
}
