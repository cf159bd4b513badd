# The README's two commands are `make demo` and `make test`; both set up what they need.
.PHONY: setup build demo test bench

# Tesseract's OpenMP threads only contend with Quire's own workers (see
# Sources/quire/SingleThreadedOpenMP.swift); the test process loads Tesseract too.
export OMP_THREAD_LIMIT := 1

setup:
	@scripts/setup

build: setup
	swift build

# Recognise the bundled sample pages and print what was read.
demo: build
	.build/debug/quire recognize --format text --detect-direction \
	    samples/en_page.png samples/en_page_tilted.png samples/en_page_rotated.png \
	    samples/zh_page.png samples/letter.tif samples/letter.pdf
	.build/debug/quire recognize --format text --quick-mode samples/*_line*.png

test: setup
	swift build --build-tests
	swift test --skip-build

# Throughput and accuracy against the tesseract command on ../shared/eval-real; quire
# serve over loopback against the engine in process; the store on generated data.
bench: setup
	swift build -c release
	.build/release/quire-bench engine
	.build/release/quire-bench serve
	.build/release/quire-bench store
