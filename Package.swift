// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Quire",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "quire", targets: ["quire"]),
        .executable(name: "quire-bench", targets: ["quire-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.3"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        // The contract: request, result, errors, validation, image probing, Recognizer.
        .target(name: "HandwritingAPI"),
        // Text utilities shared by every front: error rates, terminal-safe escaping.
        .target(name: "QuireText"),
        // libtesseract + leptonica, as Debian ships them.
        .systemLibrary(name: "CTesseract", path: "Sources/CTesseract"),
        // PNG rows decoded by libpng one at a time, straight into the image (C: libpng fails by longjmp).
        .target(name: "PNGRows", linkerSettings: [.linkedLibrary("png16")]),
        // Decoded images in leptonica: read, turn, deskew, encode.
        .target(name: "Leptonica", dependencies: ["CTesseract", "PNGRows", "QuireText"]),
        // Splits a file into page images (multi-page TIFF, PDF through pdftoppm).
        .target(name: "DocumentPages", dependencies: ["HandwritingAPI", "Leptonica", "QuireText"]),
        // The service's request signature (SDK-HMAC-SHA256): signing for the client, checking for the server.
        .target(name: "RequestSigning", dependencies: ["HandwritingAPI", .product(name: "Crypto", package: "swift-crypto")]),
        // Images named by `url`: fetched with a size cap and a time limit, internal addresses refused.
        .target(
            name: "ImageFetching",
            dependencies: ["HandwritingAPI", .product(name: "AsyncHTTPClient", package: "async-http-client")]
        ),
        // Huawei Cloud and compatible endpoints: credentials, retries, errors.
        .target(
            name: "CloudOCR",
            dependencies: [
                "HandwritingAPI", "RequestSigning", "EngineThreads",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
        // `quire serve`: the contract over HTTP, in front of any Recognizer.
        .target(
            name: "OCRServer",
            dependencies: [
                "HandwritingAPI", "ImageFetching", "RequestSigning", "EngineThreads",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
            ]
        ),
        // The workspace's work (documents, runs, corrections with history) behind one protocol:
        // an SQLite file for one person, or a PostgreSQL database a team shares.
        .target(
            name: "TranscriptStore",
            dependencies: [
                "HandwritingAPI", "QuireText", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // One transcription core under every front: pages from files, a page read and recorded,
        // documents registered, exports (ground truth from the page images too).
        .target(name: "Transcription", dependencies: ["HandwritingAPI", "DocumentPages", "TranscriptStore", "Leptonica", "QuireText"]),
        // Threads that each own an engine's models, loaded once, with one queue of jobs;
        // the memory a long-running process gives back.
        .target(name: "EngineThreads"),
        // The embedded Tesseract engine.
        .target(name: "TesseractRecognizer", dependencies: ["HandwritingAPI", "Leptonica", "CTesseract", "EngineThreads"]),
        // Quire's own declarations of ONNX Runtime's C API; the library is loaded at run time.
        .systemLibrary(name: "COnnxRuntime", path: "Sources/COnnxRuntime"),
        // The embedded PP-OCR engine: detection, orientation, recognition on ONNX Runtime.
        .target(name: "PaddleRecognizer", dependencies: ["HandwritingAPI", "Leptonica", "COnnxRuntime", "EngineThreads"]),
        // The default engine: PP-OCR or Tesseract, whichever reads the page better.
        .target(name: "AutoRecognizer", dependencies: ["HandwritingAPI", "PaddleRecognizer", "EngineThreads"]),
        // Engine names to recognizers, with their defaults: one catalogue for every front and the benchmarks.
        .target(
            name: "EngineCatalogue",
            dependencies: ["HandwritingAPI", "AutoRecognizer", "PaddleRecognizer", "TesseractRecognizer", "CloudOCR", "ImageFetching"]
        ),
        // The workbench as pure Swift: model, messages, update, view into a cell buffer, keys, themes.
        .target(
            name: "WorkbenchCore",
            dependencies: ["HandwritingAPI", "QuireText", "TranscriptStore", .product(name: "TOMLKit", package: "TOMLKit")]
        ),
        // Pictures for the terminal: sixel, kitty's protocol, iTerm2's, half blocks, braille.
        .target(name: "TerminalPictures", dependencies: ["WorkbenchCore"]),
        // ncursesw, as Debian ships it (the shim makes the wide-character API visible).
        .systemLibrary(name: "CNcursesw", path: "Sources/CNcursesw"),
        // The terminal front: draws cell buffers with ncurses, reads keys and resizes, runs the loop.
        .target(name: "WorkbenchTerminal", dependencies: ["WorkbenchCore", "CNcursesw"]),
        // Runs the workbench's effects against the world: the folder, the store, the engines.
        .target(
            name: "WorkbenchShell",
            dependencies: ["WorkbenchCore", "HandwritingAPI", "TranscriptStore", "Transcription", "DocumentPages", "Leptonica", "TerminalPictures"]
        ),
        .executableTarget(
            name: "quire",
            dependencies: [
                "HandwritingAPI", "QuireText", "DocumentPages", "Leptonica", "PaddleRecognizer", "EngineCatalogue",
                "EngineThreads", "CloudOCR", "OCRServer",
                "TranscriptStore", "Transcription", "WorkbenchCore", "WorkbenchTerminal", "WorkbenchShell",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "quire-bench",
            dependencies: [
                "QuireText", "HandwritingAPI", "EngineCatalogue", "PaddleRecognizer", "AutoRecognizer", "CloudOCR", "TranscriptStore", "Transcription", "Leptonica",
                "WorkbenchCore", "WorkbenchTerminal", "WorkbenchShell",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Fixtures the tests share: the sample files, images made on the spot, the built binary.
        .target(name: "TestSupport", dependencies: ["HandwritingAPI", "QuireText", "Leptonica", "PaddleRecognizer", "TesseractRecognizer"], path: "Tests/TestSupport"),
        .testTarget(name: "HandwritingAPITests", dependencies: ["HandwritingAPI", "TestSupport"]),
        .testTarget(name: "QuireTextTests", dependencies: ["QuireText"]),
        .testTarget(name: "TranscriptStoreTests", dependencies: ["TranscriptStore", "HandwritingAPI", "TestSupport"]),
        .testTarget(name: "CloudOCRTests", dependencies: ["CloudOCR", "HandwritingAPI", "TestSupport"]),
        .testTarget(name: "RequestSigningTests", dependencies: ["RequestSigning", "HandwritingAPI"]),
        .testTarget(
            name: "TesseractRecognizerTests",
            dependencies: ["TesseractRecognizer", "HandwritingAPI", "QuireText", "Leptonica", "TestSupport"]
        ),
        .testTarget(name: "TranscriptionTests", dependencies: ["Transcription", "TranscriptStore", "HandwritingAPI", "TesseractRecognizer", "TestSupport"]),
        .testTarget(name: "DocumentPagesTests", dependencies: ["DocumentPages", "HandwritingAPI", "TestSupport"]),
        .testTarget(name: "LeptonicaTests", dependencies: ["Leptonica", "CTesseract", "TestSupport"]),
        .testTarget(
            name: "OCRServerTests",
            dependencies: [
                "OCRServer", "CloudOCR", "ImageFetching", "HandwritingAPI", "TesseractRecognizer", "TestSupport", "QuireText", "Leptonica",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
        .testTarget(
            name: "PaddleRecognizerTests",
            dependencies: ["PaddleRecognizer", "AutoRecognizer", "TesseractRecognizer", "HandwritingAPI", "Leptonica", "QuireText", "TestSupport"]
        ),
        .testTarget(name: "WorkbenchCoreTests", dependencies: ["WorkbenchCore", "HandwritingAPI", "TranscriptStore"]),
        .testTarget(name: "TerminalPicturesTests", dependencies: ["TerminalPictures", "WorkbenchCore", "Leptonica", "TestSupport"]),
        .testTarget(
            name: "WorkbenchShellTests",
            dependencies: ["WorkbenchShell", "WorkbenchCore", "TranscriptStore", "HandwritingAPI", "TesseractRecognizer", "TestSupport"]
        ),
        .testTarget(
            name: "WorkbenchTerminalTests",
            dependencies: ["WorkbenchTerminal", "WorkbenchShell", "WorkbenchCore", "TranscriptStore", "HandwritingAPI", "TesseractRecognizer", "TestSupport"]
        ),
        .testTarget(name: "QuireEndToEndTests", dependencies: ["HandwritingAPI", "Leptonica", "PaddleRecognizer", "QuireText", "TestSupport", "TranscriptStore", "WorkbenchCore"]),
    ]
)
