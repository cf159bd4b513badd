import ArgumentParser
import AutoRecognizer
import Foundation
import HandwritingAPI
import PaddleRecognizer
import TesseractRecognizer

/// The embedded engines side by side on ../shared/eval-real, with the same PP-OCR
/// models through their Python packaging as the reference: error rate per subset and
/// seconds per image, in one run.
struct EnginesBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "engines",
        abstract: "CER and seconds per image of ppocr, tesseract and auto, against PP-OCR's Python packaging.",
        discussion: """
            Each engine is made once (models loaded, one worker per core) and reads the
            subset's images one after another, as a person's batch would arrive; seconds
            per image is the mean time of a recognize call. Lines are read in quick mode
            (no detection), pages with the defaults. The reference is rapidocr_onnxruntime
            1.4.4 on onnxruntime 1.32.0, installed for this run into a throwaway virtual
            environment, reading lines with recognition only and pages with its defaults,
            timed the same way (its models loaded once, the call timed). Each image is
            read three times by each; the fastest time counts (the machines are shared).
            CER: Levenshtein distance over NFC characters, whitespace collapsed, summed
            over the subset and divided by the reference's length.
            """
    )

    @Option(help: "The evaluation folder (with manifest.tsv).")
    var eval: String = "../shared/eval-real"

    @Option(help: "Only these subsets (comma-separated).")
    var subsets: String?

    @Flag(help: "Skip the Python reference.")
    var noReference = false

    @Flag(help: "Print each image's CER per engine too.")
    var details = false

    func run() async throws {
        let manifest = try Manifest(folder: URL(fileURLWithPath: eval))
        let wanted = subsets.map { Set($0.split(separator: ",").map(String.init)) }
        let chosen = manifest.subsets.filter { wanted?.contains($0.name) ?? true }

        let paddle = try PaddleRecognizer()
        let tesseract = try TesseractRecognizer()
        var readers: [(name: String, read: Reader)] = [
            ("ppocr", Self.reader(paddle)), ("tesseract", Self.reader(tesseract)),
            ("auto", Self.reader(AutoRecognizer(paddle: paddle, tesseract: tesseract))),
        ]
        let reference = noReference ? nil : try PythonReference.start()
        defer { reference?.stop() }
        if let reference { readers.append(("python", { image, lines in try reference.read(image, lines: lines) })) }

        var rows: [[String]] = []
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
        }
        var header = ["subset", "images"] + readers.map { "CER \($0.name)" } + readers.map { "s/img \($0.name)" }
        if reference != nil { header.append("ppocr speed-up") }
        print(Table.render(header: header, rows: rows))
    }

    /// Reads one image (as a line, or as a page), answering its text and the call's seconds.
    typealias Reader = (URL, Bool) async throws -> (text: String, seconds: Double)

    static func reader(_ engine: any Recognizer) -> Reader {
        { image, lines in
            let data = try Data(contentsOf: image)
            let started = Date()
            let result = try? await engine.recognize(RecognitionInput(source: .bytes(data), options: RecognitionOptions(quickMode: lines)))
            return (result?.blocks.map(\.words).joined(separator: "\n") ?? "", Date().timeIntervalSince(started))
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
    /// Each image's CER.
    var perImage: [String: Double]

    var secondsPerImage: Double { seconds / Double(max(images, 1)) }

    /// Times each image is read by each engine; the fastest counts.
    static let rounds = 3

    /// Every engine reads each image in turn, image by image, so that all of them are
    /// timed in the same moments of a shared, noisy machine.
    static func measure(_ subset: Manifest.Subset, readers: [(name: String, read: EnginesBench.Reader)]) async throws -> [EngineRun] {
        var texts = [[String: String]](repeating: [:], count: readers.count)
        var seconds = [Double](repeating: 0, count: readers.count)
        for image in subset.images {
            for (index, reader) in readers.enumerated() {
                // ONNX Runtime's idle threads spin for a moment after a call (the Python
                // reference's as well as Quire's): let them stop before the next engine runs.
                try await Task.sleep(for: .milliseconds(50))
                var fastest = Double.infinity
                for _ in 0..<rounds {
                    let (text, time) = try await reader.read(image, subset.isLines)
                    fastest = min(fastest, time)
                    texts[index][image.path] = text
                }
                seconds[index] += fastest
            }
        }
        return try readers.indices.map { try scored(subset, name: readers[$0].name, texts: texts[$0], seconds: seconds[$0]) }
    }

    static func scored(_ subset: Manifest.Subset, name: String, texts: [String: String], seconds: Double) throws -> EngineRun {
        var score = Score()
        var perImage: [String: Double] = [:]
        for image in subset.images {
            var one = Score()
            try one.add(recognised: texts[image.path] ?? "", image: image)
            perImage[image.path] = one.rate
            try score.add(recognised: texts[image.path] ?? "", image: image)
        }
        return EngineRun(name: name, seconds: seconds, images: subset.images.count, score: score, perImage: perImage)
    }
}

/// PP-OCR's Python packaging, installed into a throwaway virtual environment and
/// asked image by image through scripts/ppocr-reference.py.
final class PythonReference {
    private let process: Process
    private let requests: FileHandle
    private let answers: FileHandle
    private let environment: URL
    private var buffer = Data()

    private init(process: Process, requests: FileHandle, answers: FileHandle, environment: URL) {
        self.process = process
        self.requests = requests
        self.answers = answers
        self.environment = environment
    }

    static func start() throws -> PythonReference {
        let environment = FileManager.default.temporaryDirectory.appendingPathComponent("quire-bench-venv-\(UUID().uuidString)")
        FileHandle.standardError.write(Data("quire-bench: installing the Python reference into \(environment.path)\n".utf8))
        _ = try Command.run("python3", ["-m", "venv", environment.path])
        let python = environment.appendingPathComponent("bin/python").path
        _ = try Command.run(python, ["-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                                     "rapidocr_onnxruntime==1.4.4", "onnxruntime==1.32.0"])
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../scripts/ppocr-reference.py").standardized.path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [script]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let reference = PythonReference(process: process, requests: input.fileHandleForWriting,
                                        answers: output.fileHandleForReading, environment: environment)
        _ = try reference.answer()  // {"ready": true} once the models are loaded
        return reference
    }

    func read(_ image: URL, lines: Bool) throws -> (text: String, seconds: Double) {
        requests.write(Data("\(lines ? "line" : "page")\t\(image.path)\n".utf8))
        let object = try answer()
        return ((object["text"] as? String) ?? "", (object["seconds"] as? Double) ?? 0)
    }

    func stop() {
        try? requests.close()
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: environment)
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
