# shellcheck shell=bash
# The Go side of scripts/test and .ci/run. Source it from the repository
# root; it defines:
#
#   go_toolchain    make every go command below use Go GO_MIN or newer
#   go_modules      the root module and every nested one (contracttest/, ...),
#                   one directory per line, the root first
#   go_download     download every module's dependencies, so that nothing a
#                   test builds offline is missing from the module cache
#   go_fuzz_targets the fuzz targets of the root module
#
# GO_MIN is the first release without the standard-library vulnerabilities
# govulncheck reports as reachable from the SDK in older ones (Go 1.26.8 has
# ten, mostly in net/http, fixed in 1.26.9 and 1.26.10).

GO_MIN=go1.26.10

# go_version_lt A B: 0 when Go version A (go1.26.8) is older than B.
go_version_lt() {
	[[ "$1" != "$2" && "$(printf '%s\n%s\n' "${1#go}" "${2#go}" | sort -V | head -n 1)" == "${1#go}" ]]
}

# go_toolchain exports GOTOOLCHAIN=$GO_MIN when the go command found on PATH
# (or the toolchain GOTOOLCHAIN already names) is older. The go command then
# fetches that release from the module proxy, once per machine (about 70 MB,
# ten seconds), into the module cache.
go_toolchain() {
	local have
	if ! have="$(go env GOVERSION)"; then
		echo "go: the go command does not work; install Go (https://go.dev/dl/)" >&2
		return 1
	fi
	if go_version_lt "$have" "$GO_MIN"; then
		echo "go: $have is older than $GO_MIN; using $GO_MIN (GOTOOLCHAIN=$GO_MIN)"
		export GOTOOLCHAIN="$GO_MIN"
		have="$(go env GOVERSION)" || return 1
	fi
	echo "go: $have"
}

go_modules() {
	echo .
	find . -name go.mod -not -path ./go.mod -not -path '*/node_modules/*' -not -path '*/testdata/*' -not -path './.git/*' |
		sort | while IFS= read -r mod; do dirname "$mod"; done
}

go_download() {
	local m
	while IFS= read -r m; do
		(cd "$m" && go mod download) || {
			echo "go: go mod download failed in module $m" >&2
			return 1
		}
	done < <(go_modules)
}

# go_fuzz_targets lists every fuzz target of the root module, one
# "importpath FuzzName" per line, as go test -list finds them: a target
# added or renamed is fuzzed without anyone editing a list.
go_fuzz_targets() {
	local line names=()
	while IFS= read -r line; do
		case "$line" in
		Fuzz*) names+=("$line") ;;
		ok*)
			local pkg
			pkg="$(cut -f2 <<<"$line")"
			for n in "${names[@]}"; do echo "$pkg $n"; done
			names=()
			;;
		esac
	done < <(go test -run '^$' -list '^Fuzz' ./...)
}
