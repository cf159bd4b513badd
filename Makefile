# The README's two commands are `make demo` and `make test`; both set up what they need.
.PHONY: setup build demo test bench install

# Where `make install` puts quire: PREFIX/bin, themes in PREFIX/share/quire, completions
# where bash, zsh and fish look for them under PREFIX/share.
PREFIX ?= $(HOME)/.local

# Tesseract's OpenMP threads only contend with Quire's own workers (see
# Sources/quire/SingleThreadedOpenMP.swift); the test process loads Tesseract too.
export OMP_THREAD_LIMIT := 1

setup:
	@scripts/setup

build: setup
	swift build

# Open the workbench on the bundled sample pages (R recognises them all, ? shows the keys).
# A release build: a frame takes about 2 ms there against about 48 ms in a debug build.
demo: setup
	swift build -c release --product quire
	.build/release/quire open samples

# quire with its themes and shell completions; it runs from any folder (the models stay
# in the data folder scripts/setup filled, ~/.local/share/quire or $$QUIRE_DATA).
install: setup
	swift build -c release --product quire --static-swift-stdlib
	install -d $(PREFIX)/bin $(PREFIX)/share/quire/themes $(PREFIX)/share/bash-completion/completions \
		$(PREFIX)/share/zsh/site-functions $(PREFIX)/share/fish/vendor_completions.d
	install -m 755 -s .build/release/quire $(PREFIX)/bin/quire
	install -m 644 themes/*.toml $(PREFIX)/share/quire/themes/
	$(PREFIX)/bin/quire --generate-completion-script bash > $(PREFIX)/share/bash-completion/completions/quire
	$(PREFIX)/bin/quire --generate-completion-script zsh > $(PREFIX)/share/zsh/site-functions/_quire
	$(PREFIX)/bin/quire --generate-completion-script fish > $(PREFIX)/share/fish/vendor_completions.d/quire.fish
	@echo "installed $(PREFIX)/bin/quire; put $(PREFIX)/bin on PATH if it is not"

test: setup
	swift build --build-tests
	swift test --skip-build

# Throughput and accuracy against the tesseract command on ../shared/eval-real; the
# engines (ppocr, tesseract, auto) against PP-OCR's Python packaging; ppocr's memory; quire
# serve over loopback against the engine in process; the store on generated data (SQLite
# beside a throwaway PostgreSQL server);
# the workbench on 10,000 files; its pictures on a 2,500 x 2,500 page.
bench: setup
	swift build -c release
	.build/release/quire-bench engine
	.build/release/quire-bench engines
	.build/release/quire-bench memory
	.build/release/quire-bench serve
	scripts/with-postgres .build/release/quire-bench store
	.build/release/quire-bench workbench
	.build/release/quire-bench pictures
