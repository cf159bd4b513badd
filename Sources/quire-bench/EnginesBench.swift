import ArgumentParser
import EngineCatalogue
import Foundation
import HandwritingAPI
import Leptonica
import PaddleRecognizer

/// The embedded engines side by side on ../shared/eval-real, with RapidOCR 3.10 (the
/// same kind of PP-OCR models through their Python packaging) as the reference: error
/// rate per subset, seconds per image, the whole `quire recognize` process against the
/// reference's warm process, lines found per page, and peak memory, in one run.
struct EnginesBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "engines",
        abstract: "CER, speed, lines per page and memory of ppocr, tesseract and auto, against RapidOCR 3.10.",
        discussion: """
            Each engine is made once (models loaded, one worker) and reads the
            subset's images one after another, as a person's batch would arrive; seconds
            per image is the mean time of a recognize call. Lines are read in quick mode
            (no detection), pages with the defaults. The reference is rapidocr 3.10.0 on
            onnxruntime 1.32.0 with its default models, installed for this run into a
            throwaway virtual environment, reading lines with recognition only and pages
            with its defaults, timed the same way (its models loaded and run once first,
            the call timed). Each image is read three times by each; the fastest time
            counts (the machines are shared). After each subset, the whole `quire
            recognize` process (default engine, start-up and model loading included, the
            fastest of three) is timed on the subset's images against the reference's
            warm calls on them. Lines found per page: the blocks each engine returned
            against the lines of the page's ground truth. Memory: the peak resident size
            of a `quire recognize --engine ppocr` process and of a reference process,
            each reading a 4000 x 3000 page once.
            CER: Levenshtein distance over NFC characters, whitespace collapsed, summed
            over the subset and divided by the reference's length.
            """
    )

    @OptionGroup var data: EvaluationData

    @Option(help: "Only these subsets (comma-separated).")
    var subsets: String?

    @Option(help: "A PP-OCR model set's folder for ppocr and auto (default: the set scripts/setup brings).")
    var models: String?

    @Option(help: "The quire binary (default: beside this one).")
    var quire: String?

    @Flag(help: "Skip the Python reference.")
    var noReference = false

    @Flag(help: "Print each image's CER per engine too.")
    var details = false

    func run() async throws {
        let folder = try data.folder
        let manifest = try Manifest(folder: folder)
        let wanted = subsets.map { Set($0.split(separator: ",").map(String.init)) }
        let chosen = manifest.subsets.filter { wanted?.contains($0.name) ?? true }
        let quireBinary = quire ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("quire").path
        let modelArguments = models.map { ["--models", $0] } ?? []

        // One call at a time, as the reference is timed: one worker, whose model calls use every core.
        let paddle = try EngineName.ppocr.makeEmbedded(workers: 1, models: models)
        if let paddle = paddle as? PaddleRecognizer {
            FileHandle.standardError.write(Data("quire-bench: models \(paddle.models.folder)\n".utf8))
        }
        var readers: [(name: String, read: Reader)] = try [EngineName.ppocr, .tesseract, .auto].map { name in
            (name.rawValue, Self.reader(name == .ppocr ? paddle : try name.makeEmbedded(workers: 1, models: models)))
        }
        let warmUp = chosen.first { !$0.isLines }?.images.first ?? chosen.first?.images.first
        let reference = noReference ? nil : try PythonReference.start(warmUp: warmUp)
        defer { reference?.stop() }
        if let reference { readers.append(("rapidocr", { image, lines in try reference.read(image, lines: lines) })) }

        var rows: [[String]] = []
        var compactRows: [[String]] = []
        var processRows: [[String]] = []
        var pageRows: [[String]] = []
        for subset in chosen {
            FileHandle.standardError.write(Data("quire-bench: \(subset.name), \(subset.images.count) images\n".utf8))
            let runs = try await EngineRun.measure(subset, readers: readers)
            if details { printDetails(subset, runs) }
            var row = [subset.name, String(subset.images.count)]
            row += runs.map { String(format: "%.3f", $0.score.rate) }
            row += runs.map { String(format: "%.3f", $0.secondsPerImage) }
            if runs.count > 3 {
                row.append(String(format: "%.2fx", runs[3].secondsPerImage / runs[0].secondsPerImage))
            }
            rows.append(row)
            compactRows.append([subset.name] + runs.map { String(format: "%.3f", $0.compactScore.rate) })
            if !subset.isLines {
                for image in subset.images {
                    let truth = try Manifest.groundTruth(for: image).split(separator: "\n").filter { !$0.allSatisfy(\.isWhitespace) }.count
                    pageRows.append([image.lastPathComponent, String(truth)] + runs.map { String($0.linesFound[image.path] ?? 0) })
                }
            }
            if runs.count > 3 {
                // The whole process, start-up included, against the reference's warm calls.
                var fastest = Double.infinity
                for _ in 0..<EngineRun.rounds {
                    fastest = min(fastest, try QuireRun.measure(subset, binary: quireBinary, engine: "auto", extra: modelArguments).seconds)
                }
                processRows.append([subset.name, String(subset.images.count), String(format: "%.2f", fastest),
                                    String(format: "%.2f", runs[3].seconds), String(format: "%.2fx", runs[3].seconds / fastest)])
            }
        }
        var header = ["subset", "images"] + readers.map { "CER \($0.name)" } + readers.map { "s/img \($0.name)" }
        if reference != nil { header.append("ppocr speed-up") }
        print(Table.render(header: header, rows: rows))
        print("")
        print(Table.render(header: ["subset"] + readers.map { "CER \($0.name), NFKC, no spaces" }, rows: compactRows))
        if !processRows.isEmpty {
            print("")
            print(Table.render(header: ["subset", "images", "quire recognize process s", "rapidocr warm s", "speed-up"], rows: processRows))
        }
        if !pageRows.isEmpty {
            print("")
            print(Table.render(header: ["page", "lines true"] + readers.map { "found \($0.name)" }, rows: pageRows))
        }
        // The page `quire-bench memory` scales up, else the first page read.
        let memoryPage = manifest.subsets.flatMap(\.images).first { $0.lastPathComponent == MemoryBench.defaultPage }
        if let page = memoryPage ?? warmUp {
            print("")
            print(try Self.peakMemory(page: page, quire: quireBinary, modelArguments: modelArguments, reference: reference != nil))
        }
    }

    /// Peak resident size of one process reading a 4000 x 3000 page made from `page`.
    static func peakMemory(page: URL, quire: String, modelArguments: [String], reference: Bool) throws -> String {
        guard let image = Image(decoding: try Data(contentsOf: page)), let large = image.scaled(width: 4000, height: 3000)?.pngData() else {
            throw ValidationError("could not make a 4000x3000 page from \(page.path)")
        }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("quire-bench-\(UUID().uuidString).png")
        try large.write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        var rows: [[String]] = []
        let quirePeak = try ChildProcess.peakResident(quire, ["recognize", "--engine", "ppocr"] + modelArguments + [file.path])
        rows.append(["quire recognize --engine ppocr", String(quirePeak / 1024)])
        if reference {
            let python = try PythonReference.peakResident(page: file)
            rows.append(["rapidocr 3.10 (python)", String(python / 1024)])
            rows.append(["quire / rapidocr", String(format: "%.2f", Double(quirePeak) / Double(python))])
        }
        return Table.render(header: ["a 4000x3000 page, one process", "peak resident MiB"], rows: rows)
    }

    /// Reads one image (as a line, or as a page), answering its text, the lines found and the call's seconds.
    typealias Reader = (URL, Bool) async throws -> (text: String, lines: Int, seconds: Double)

    static func reader(_ engine: any Recognizer) -> Reader {
        { image, lines in
            let data = try Data(contentsOf: image)
            let started = Date()
            let result = try? await engine.recognize(RecognitionInput(source: .bytes(data), options: RecognitionOptions(quickMode: lines)))
            let blocks = result?.blocks ?? []
            return (blocks.map(\.words).joined(separator: "\n"), blocks.count, Date().timeIntervalSince(started))
        }
    }

    private func printDetails(_ subset: Manifest.Subset, _ runs: [EngineRun]) {
        for image in subset.images {
            let cells = runs.map { run in String(format: "%@ %.3f", run.name, run.perImage[image.path] ?? -1) }
            print("  \(image.lastPathComponent): " + cells.joined(separator: "  "))
        }
    }
}

/// One engine over one subset.
struct EngineRun {
    var name: String
    var seconds: Double
    var images: Int
    var score: Score
    /// The same without whitespace and after NFKC (as Chinese OCR is often scored).
    var compactScore: Score
    /// Each image's CER, and the lines (blocks) found on it.
    var perImage: [String: Double]
    var linesFound: [String: Int]

    var secondsPerImage: Double { seconds / Double(max(images, 1)) }

    /// Times each image is read by each engine; the fastest counts.
    static let rounds = 3

    /// Every engine reads each image in turn, image by image, so that all of them are
    /// timed in the same moments of a shared, noisy machine.
    static func measure(_ subset: Manifest.Subset, readers: [(name: String, read: EnginesBench.Reader)]) async throws -> [EngineRun] {
        var texts = [[String: String]](repeating: [:], count: readers.count)
        var lines = [[String: Int]](repeating: [:], count: readers.count)
        var seconds = [Double](repeating: 0, count: readers.count)
        for image in subset.images {
            for (index, reader) in readers.enumerated() {
                // ONNX Runtime's idle threads spin for a moment after a call (the Python
                // reference's as well as Quire's): let them stop before the next engine runs.
                try await Task.sleep(for: .milliseconds(50))
                var fastest = Double.infinity
                for _ in 0..<rounds {
                    let (text, found, time) = try await reader.read(image, subset.isLines)
                    fastest = min(fastest, time)
                    texts[index][image.path] = text
                    lines[index][image.path] = found
                }
                seconds[index] += fastest
            }
        }
        return try readers.indices.map {
            try scored(subset, name: readers[$0].name, texts: texts[$0], lines: lines[$0], seconds: seconds[$0])
        }
    }

    static func scored(_ subset: Manifest.Subset, name: String, texts: [String: String], lines: [String: Int],
                       seconds: Double) throws -> EngineRun {
        var score = Score()
        var compact = Score()
        var perImage: [String: Double] = [:]
        for image in subset.images {
            var one = Score()
            let reference = try Manifest.groundTruth(for: image), text = texts[image.path] ?? ""
            one.add(recognised: text, reference: reference)
            perImage[image.path] = one.rate
            score.add(recognised: text, reference: reference)
            compact.add(recognised: text, reference: reference, compact: true)
        }
        return EngineRun(name: name, seconds: seconds, images: subset.images.count, score: score, compactScore: compact,
                         perImage: perImage, linesFound: lines)
    }
}

/// RapidOCR 3.10, installed into a throwaway virtual environment and asked image by
/// image through scripts/ppocr-reference.py.
final class PythonReference {
    private let process: Process
    private let requests: FileHandle
    private let answers: FileHandle
    private var buffer = Data()

    private init(process: Process, requests: FileHandle, answers: FileHandle) {
        self.process = process
        self.requests = requests
        self.answers = answers
    }

    /// The virtual environment, made once per run.
    nonisolated(unsafe) private static var installed: URL?

    static func install() throws -> URL {
        if let installed { return installed }
        let environment = FileManager.default.temporaryDirectory.appendingPathComponent("quire-bench-venv-\(UUID().uuidString)")
        FileHandle.standardError.write(Data("quire-bench: installing the Python reference into \(environment.path)\n".utf8))
        _ = try Command.run("python3", ["-m", "venv", environment.path])
        _ = try Command.run(environment.appendingPathComponent("bin/python").path,
                            ["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "rapidocr==3.10.0", "onnxruntime==1.32.0"])
        installed = environment
        return environment
    }

    static var script: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../scripts/ppocr-reference.py").standardized.path
    }

    /// Starts the reference; it reads `warmUp` once as a page and as a line before answering.
    static func start(warmUp: URL?) throws -> PythonReference {
        let environment = try install()
        let process = Process()
        process.executableURL = environment.appendingPathComponent("bin/python")
        process.arguments = [script] + (warmUp.map { [$0.path] } ?? [])
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let reference = PythonReference(process: process, requests: input.fileHandleForWriting,
                                        answers: output.fileHandleForReading)
        _ = try reference.answer()  // {"ready": true} once the models are loaded
        return reference
    }

    func read(_ image: URL, lines: Bool) throws -> (text: String, lines: Int, seconds: Double) {
        requests.write(Data("\(lines ? "line" : "page")\t\(image.path)\n".utf8))
        let object = try answer()
        return ((object["text"] as? String) ?? "", (object["lines"] as? Int) ?? 0, (object["seconds"] as? Double) ?? 0)
    }

    /// Peak resident size, in KiB, of a fresh reference process that reads `page` once.
    static func peakResident(page: URL) throws -> Int {
        let python = try install().appendingPathComponent("bin/python").path
        return try ChildProcess.peakResident(python, [script], input: "page\t\(page.path)\n")
    }

    func stop() {
        try? requests.close()
        process.waitUntilExit()
        if let installed = Self.installed { try? FileManager.default.removeItem(at: installed) }
    }

    private func answer() throws -> [String: Any] {
        while true {
            if let end = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = buffer[buffer.startIndex..<end]
                buffer.removeSubrange(buffer.startIndex...end)
                guard let object = try JSONSerialization.jsonObject(with: line) as? [String: Any] else { break }
                return object
            }
            let more = answers.availableData
            if more.isEmpty { break }
            buffer.append(more)
        }
        throw Command.Failed(description: "the Python reference stopped answering")
    }
}
