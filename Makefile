# Hindsight — build, run and test.
#   make run    install what is missing, build, open the app on the default journal
#   make test   install what is missing, run the whole test suite (what CI runs)

GO       ?= go
BIN      ?= hindsight
# Debian/Ubuntu packages the build and the tests need (dbus-daemon, zenity, Xvfb and
# xdotool for the tests of the system file dialogs and of notify/; systemd for
# systemd-analyze, which checks the units remind/ writes).
APT_PKGS ?= gcc pkg-config libgl1-mesa-dev xorg-dev poppler-utils dbus-daemon systemd zenity xvfb xauth xdotool
export LANG ?= en_US.UTF-8

.PHONY: all build run test deps fuzz bench vet clean e2e dist dist-mac windows

all: build

# deps installs the missing system packages (as root, or through sudo) and says so.
deps:
	@./scripts/deps.sh $(APT_PKGS)

build: deps
	$(GO) build -o $(BIN) .

run: build
	./$(BIN)

test: deps
	$(GO) vet ./...
	$(GO) test -race -count=1 ./...
	# Memory bounds are measured without the race detector, which multiplies the heap.
	$(GO) test -count=1 -run 'BoundedMemory' ./journal/trades/...

fuzz:
	$(GO) test ./journal/ -run '^$$' -fuzz '^FuzzDecodeJSON$$' -fuzztime 60s
	$(GO) test ./journal/ -run '^$$' -fuzz '^FuzzParseMoney$$' -fuzztime 60s
	$(GO) test ./journal/ -run '^$$' -fuzz '^FuzzParseSymbol$$' -fuzztime 60s

# bench runs every benchmark, each against its baseline measured in the same run: the
# journal store (save, search, open+list, a 100,000-trade import, saving a thesis with
# 1,000 fills), quote refresh, PDF export, app start-up.
bench:
	./bench/run.sh
	$(GO) test -run '^$$' -bench 'ImportTrades100k|SaveThesis1000Fills' -benchtime 1x ./journal/boltdb/
	$(GO) test -run '^$$' -bench BenchmarkRefresh200 -benchtime 1x ./quotes/yahoo/
	HINDSIGHT_BENCH=1 $(GO) test -count=1 -run TestEvaluateSpeed -v ./journal/
	HINDSIGHT_BENCH=1 $(GO) test -count=1 -run TestCheckSpeed -v .

clean:
	rm -f $(BIN) $(BIN).exe $(BIN)-cli.exe
	rm -rf dist

# e2e starts the real binary under Xvfb on a new journal, writes a thesis with the
# keyboard, quits, and checks the journal file with `hindsight list --json`; then it
# drives the whole write → save → open → help → quit flow with the keyboard alone.
e2e: deps
	@./scripts/deps.sh xvfb xauth xdotool imagemagick
	./scripts/e2e.sh
	./scripts/e2e-keys.sh

# windows cross-compiles the Windows executables with MinGW from the same source:
# hindsight.exe (GUI subsystem: no console when double-clicked) and hindsight-cli.exe
# (console subsystem: cmd and PowerShell wait for it and see its output and exit code).
WINDOWS_ENV = CGO_ENABLED=1 GOOS=windows GOARCH=amd64 CC=x86_64-w64-mingw32-gcc
windows:
	@./scripts/deps.sh gcc-mingw-w64-x86-64
	$(WINDOWS_ENV) $(GO) build -ldflags "-H=windowsgui" -o $(BIN).exe .
	$(WINDOWS_ENV) $(GO) build -o $(BIN)-cli.exe .

# dist builds the Linux package (.tar.xz with .desktop file and icon) and the Windows .exe
# (icon and version info embedded) into dist/, with SHA-256 sums.
dist: deps
	@./scripts/deps.sh gcc-mingw-w64-x86-64 xz-utils
	./scripts/dist.sh

# dist-mac packages Hindsight.app; it must run on a Mac (Xcode command-line tools + Go).
dist-mac:
	@[ "$$(uname -s)" = Darwin ] || { echo "dist-mac runs on macOS only: Fyne needs Apple's toolchain to build for macOS"; exit 1; }
	GOBIN=$(CURDIR)/.tools $(GO) install fyne.io/tools/cmd/fyne@v1.7.4
	mkdir -p dist
	./.tools/fyne package --os darwin --release --name Hindsight
	mv Hindsight.app dist/

.PHONY: pdf-preview bench-pdf

# pdf-preview writes the demo journal as PDFs (the whole journal, and one thesis on its
# own) and renders a few pages to PNG in docs/screenshots/ with poppler's pdftoppm.
PREVIEW_DIR ?= docs/screenshots
pdf-preview: build
	@set -e; tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	./$(BIN) --db "$$tmp/demo.db" demo >/dev/null; \
	./$(BIN) --db "$$tmp/demo.db" export --format pdf --offline --lang en -o "$$tmp/journal.pdf"; \
	./$(BIN) --db "$$tmp/demo.db" export --format pdf --offline --lang en --id demo-deepseek -o "$$tmp/thesis.pdf"; \
	./$(BIN) --db "$$tmp/demo.db" export --format pdf --offline --lang ko --id demo-deepseek -o "$$tmp/thesis-ko.pdf"; \
	mkdir -p $(PREVIEW_DIR); \
	for p in 1 2; do \
		pdftoppm -png -r 70 -f $$p -l $$p -singlefile "$$tmp/journal.pdf" $(PREVIEW_DIR)/pdf-journal-$$p; \
		pdftoppm -png -r 70 -f $$p -l $$p -singlefile "$$tmp/thesis.pdf" $(PREVIEW_DIR)/pdf-thesis-$$p; \
	done; \
	pdftoppm -png -r 70 -f 1 -l 1 -singlefile "$$tmp/thesis-ko.pdf" $(PREVIEW_DIR)/pdf-thesis-ko-1; \
	ls -l $(PREVIEW_DIR)/pdf-*.png

# bench-pdf times the PDF export of 1,000 theses against headless Chromium printing the
# same content as one HTML page. Chromium is installed for this benchmark only.
bench-pdf:
	@./scripts/deps.sh chromium poppler-utils
	$(GO) run ./bench/pdf

bench: bench-pdf bench-startup

# Packages the desktop app's screenshots and start-up benchmark need besides the build's:
# a virtual X server, a screen grabber, and GNU time for peak memory.
DESKTOP_BENCH_PKGS ?= xvfb xauth imagemagick xdotool time

.PHONY: screenshots bench-startup

# screenshots builds the app and photographs the list, the review, the thesis form and the
# dashboard, in English and in Korean, into docs/screenshots/. It runs under Xvfb on the
# demo journal with the system fonts hidden (unshare -m; needs root), so the Korean text
# in the pictures is drawn with the font the app bundles.
screenshots:
	@./scripts/deps.sh $(APT_PKGS) $(DESKTOP_BENCH_PKGS)
	./scripts/screenshots.sh

# bench-startup times launch to first frame, and peak memory, with a 10,000-thesis journal
# against a bare Fyne window in the same run under Xvfb (targets: 1.3x time, 1.5x memory).
bench-startup:
	@./scripts/deps.sh $(APT_PKGS) $(DESKTOP_BENCH_PKGS)
	./scripts/bench-startup.sh

.PHONY: installer installer-test

# installer packs the executables of `make windows` into dist/Hindsight-Setup-VERSION.exe
# with NSIS (scripts/nsis/hindsight.nsi): a per-user install with shortcuts and an
# Apps & features entry. NSIS_COMPRESSOR=zlib builds several times faster, larger.
installer: windows
	./scripts/installer.sh

# installer-test installs, runs and uninstalls that installer silently under Wine in a
# temporary prefix, and checks that the user's journal is left as it was.
installer-test:
	./scripts/installer-test.sh

.PHONY: deb deb-test repro

# Packages the Debian package's build and checks need.
DEB_PKGS ?= dpkg-dev desktop-file-utils appstream man-db lintian xz-utils

# deb builds dist/hindsight_VERSION-1_amd64.deb (binary with the release flags, desktop entry,
# icons, AppStream metadata, man page from `hindsight help --man`, DEP-5 copyright);
# `make dist` builds it too.
deb: deps
	@./scripts/deps.sh $(DEB_PKGS)
	./scripts/deb.sh

# deb-test checks the package in dist/ with lintian, installs it with apt, runs it, and
# removes it (as root, or through sudo).
deb-test:
	@./scripts/deps.sh $(DEB_PKGS)
	./scripts/deb-test.sh

# repro builds the Linux binary and the .deb twice, in two clones, and compares them byte for byte.
repro: deps
	@./scripts/deps.sh $(DEB_PKGS) git
	./scripts/repro.sh
