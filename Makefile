# Hindsight — build, run and test.
#   make run    install what is missing, build, open the app on the default journal
#   make test   install what is missing, run the whole test suite (what CI runs)

GO       ?= go
BIN      ?= hindsight
# Debian/Ubuntu packages the build and the tests need.
APT_PKGS ?= gcc pkg-config libgl1-mesa-dev xorg-dev poppler-utils
export LANG ?= en_US.UTF-8

.PHONY: all build run test deps fuzz bench vet clean

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

fuzz:
	$(GO) test ./journal/ -run '^$$' -fuzz '^FuzzDecodeJSON$$' -fuzztime 60s
	$(GO) test ./journal/ -run '^$$' -fuzz '^FuzzParseMoney$$' -fuzztime 60s
	$(GO) test ./journal/ -run '^$$' -fuzz '^FuzzParseSymbol$$' -fuzztime 60s

bench:
	./bench/run.sh

clean:
	rm -f $(BIN)

.PHONY: pdf-preview bench-pdf

# pdf-preview writes the demo journal as PDFs (the whole journal, and one thesis on its
# own) and renders a few pages to PNG in docs/screenshots/ with poppler's pdftoppm.
PREVIEW_DIR ?= docs/screenshots
pdf-preview: build
	@set -e; tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	./$(BIN) --db "$$tmp/demo.db" demo >/dev/null; \
	./$(BIN) --db "$$tmp/demo.db" export --format pdf --offline -o "$$tmp/journal.pdf"; \
	./$(BIN) --db "$$tmp/demo.db" export --format pdf --offline --id demo-deepseek -o "$$tmp/thesis.pdf"; \
	mkdir -p $(PREVIEW_DIR); \
	for p in 1 2; do \
		pdftoppm -png -r 70 -f $$p -l $$p -singlefile "$$tmp/journal.pdf" $(PREVIEW_DIR)/pdf-journal-$$p; \
		pdftoppm -png -r 70 -f $$p -l $$p -singlefile "$$tmp/thesis.pdf" $(PREVIEW_DIR)/pdf-thesis-$$p; \
	done; \
	ls -l $(PREVIEW_DIR)/pdf-*.png

# bench-pdf times the PDF export of 1,000 theses against headless Chromium printing the
# same content as one HTML page. Chromium is installed for this benchmark only.
bench-pdf:
	@./scripts/deps.sh chromium poppler-utils
	$(GO) run ./bench/pdf

bench: bench-pdf

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
