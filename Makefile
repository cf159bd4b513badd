# The README's two commands are `make demo` and `make test`; both set up what they need.
.PHONY: setup build demo test bench

# Tesseract's OpenMP threads only contend with Quire's own workers (see
# Sources/quire/SingleThreadedOpenMP.swift); the test process loads Tesseract too.
export OMP_THREAD_LIMIT := 1

setup:
	@scripts/setup

build: setup
	swift build

# Open the workbench on the bundled sample pages (R recognises them all, ? shows the keys).
demo: build
	.build/debug/quire open samples

test: setup
	swift build --build-tests
	swift test --skip-build

# Throughput and accuracy against the tesseract command on ../shared/eval-real; the
# engines (ppocr, tesseract, auto) against PP-OCR's Python packaging; ppocr's memory; quire
# serve over loopback against the engine in process; the store on generated data;
# the workbench on 10,000 files; its pictures on a 2,500 x 2,500 page.
bench: setup
	swift build -c release
	.build/release/quire-bench engine
	.build/release/quire-bench engines
	.build/release/quire-bench memory
	.build/release/quire-bench serve
	.build/release/quire-bench store
	.build/release/quire-bench workbench
	.build/release/quire-bench pictures
