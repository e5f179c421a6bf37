#!/bin/sh
# repro.sh — checks that the Linux build is reproducible: builds the binary and the .deb of
# the current commit twice, in two fresh clones at paths of different lengths, at
# different times, and compares them byte for byte (cmp), printing both SHA-256 sums.
# The first build uses the usual Go build cache; the second a new, empty one, so nothing
# is shared between them but the module cache (the downloaded sources). REPRO_SHARED_CACHE=1
# shares the cache instead (quicker: about a minute instead of several).
set -eu
cd "$(dirname "$0")/.."
./scripts/deps.sh git dpkg-dev
commit=$(git rev-parse HEAD)
[ -z "$(git status --porcelain --untracked-files=no)" ] ||
	echo "repro: note: the tree has changes; the builds are of the last commit, $commit"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

build() { # DIR GOCACHE: clone the commit into DIR, build the binary and the .deb there
	git clone -q --no-hardlinks "$PWD" "$1"
	git -C "$1" checkout -q --detach "$commit"
	start=$(date +%s)
	(
		cd "$1"
		unset SOURCE_DATE_EPOCH
		. ./scripts/buildflags.sh
		# shellcheck disable=SC2086
		GOCACHE=$2 go build $GO_LINUX_FLAGS -ldflags "$GO_RELEASE_LDFLAGS" -o hindsight .
		GOCACHE=$2 ./scripts/deb.sh ./hindsight > /dev/null
	)
	echo "repro: built in $1 in $(($(date +%s) - start)) s"
}

build "$tmp/a" "$(go env GOCACHE)"
sleep 2 # the clocks of the two builds differ
second_cache="$tmp/gocache"
[ "${REPRO_SHARED_CACHE:-0}" = 1 ] && second_cache=$(go env GOCACHE)
build "$tmp/a-second-build-in-a-longer-directory/b" "$second_cache"
b="$tmp/a-second-build-in-a-longer-directory/b"

status=0
for f in hindsight "dist/$(cd "$tmp/a" && ls dist/ | grep '\.deb$')"; do
	sha256sum "$tmp/a/$f" "$b/$f" | sed "s|$tmp/||"
	if cmp "$tmp/a/$f" "$b/$f"; then echo "repro: $f: identical"; else echo "repro: $f: DIFFERENT" >&2; status=1; fi
done
"$tmp/a/hindsight" --version
exit $status
