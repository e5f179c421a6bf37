# Hindsight — build, run and test.
#   make run    install what is missing, build, open the app on the default journal
#   make test   install what is missing, run the whole test suite (what CI runs)

GO       ?= go
BIN      ?= hindsight
# Debian/Ubuntu packages the build and the tests need.
APT_PKGS ?= gcc pkg-config libgl1-mesa-dev xorg-dev
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
