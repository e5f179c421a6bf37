# buildflags.sh — sourced by dist.sh, deb.sh and repro.sh: the flags of a release build of
# the Linux binary, the same everywhere so that one commit gives one binary.
#   -trimpath            no build-machine paths (module cache, checkout) in the binary
#   -buildvcs=true       the commit and whether the tree was modified (hindsight --version);
#                        the Go toolchain records them only in a clone (.git a folder), not
#                        in a `git worktree` checkout
#   -buildid= -s -w      no build id, symbol table or DWARF (the build id hashes inputs that
#                        include the toolchain's own paths)
#   -buildmode=pie       (Linux) a position-independent executable, as Debian builds its own
#                        Go packages: address-space randomization; lintian asks for it
# cgo's C objects embed no paths here (checked with strings(1) on the binary), so CGO_CFLAGS
# stays as the toolchain sets it; it is recorded in the binary, and must match to compare.
# SOURCE_DATE_EPOCH, from the commit, gives the package files their dates.
GO_RELEASE_FLAGS="-trimpath -buildvcs=true"
GO_RELEASE_LDFLAGS="-buildid= -s -w"
GO_LINUX_FLAGS="-buildmode=pie $GO_RELEASE_FLAGS"
if [ -z "${SOURCE_DATE_EPOCH:-}" ]; then
	SOURCE_DATE_EPOCH=$(git log -1 --format=%ct 2>/dev/null || echo 0)
fi
export SOURCE_DATE_EPOCH
unset CGO_CFLAGS CGO_CPPFLAGS CGO_CXXFLAGS CGO_LDFLAGS
