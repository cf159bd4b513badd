import ArgumentParser
import Foundation
import QuireText
import TesseractRecognizer

/// Measures `quire recognize` against the `tesseract` command, side by side in one
/// run, on the real images of ../shared/eval-real: images per second and character
/// error rate per subset.
@main
struct QuireBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quire-bench",
        abstract: "Quire's benchmarks: each prints its figures measured side by side in one run.",
        subcommands: [EngineBench.self, EnginesBench.self, MemoryBench.self, ServeBench.self, StoreBench.self, WorkbenchBench.self,
                      PicturesBench.self],
        defaultSubcommand: EngineBench.self
    )

    static func main() async {
        SingleThreadedOpenMP.ensure()  // the serve benchmark runs the engine in this process
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}

struct EngineBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "engine",
        abstract: "Throughput and accuracy of quire recognize against the tesseract command, per subset of the evaluation set.",
        discussion: """
            For each subset, quire reads every image in one run (its models load once; one
            worker per core). The tesseract command reads each image in a run of its own,
            with every language and page segmentation mode in the grid; the setting with the
            lowest error rate is reported. tesseract runs with OMP_THREAD_LIMIT=1, which is
            faster per image than its default threads; its default is timed too.
            CER: Levenshtein distance over NFC characters, whitespace collapsed, summed over
            the subset and divided by the reference's length.
            """
    )

    @OptionGroup var data: EvaluationData

    @Option(help: "The quire binary (default: beside this one).")
    var quire: String?

    @Option(help: "Only these subsets (comma-separated).")
    var subsets: String?

    func run() async throws {
        let folder = try data.folder
        let manifest = try Manifest(folder: folder)
        let quireBinary = quire ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("quire").path
        let wanted = subsets.map { Set($0.split(separator: ",").map(String.init)) }
        var rows: [Row] = []
        for subset in manifest.subsets where wanted?.contains(subset.name) ?? true {
            FileHandle.standardError.write(Data("quire-bench: \(subset.name), \(subset.images.count) images\n".utf8))
            let quireRun = try QuireRun.measure(subset, binary: quireBinary)
            var best: CommandRun?
            for setting in TesseractSetting.grid(for: subset) {
                let run = try CommandRun.measure(subset, setting: setting, threadLimit: true)
                if best == nil || run.score.rate < best!.score.rate - 1e-9
                    || (abs(run.score.rate - best!.score.rate) < 1e-9 && run.seconds < best!.seconds) {
                    best = run
                }
            }
            guard let best else { continue }
            let asInstalled = try CommandRun.measure(subset, setting: best.setting, threadLimit: false)
            rows.append(Row(subset: subset, quire: quireRun, tesseract: best, tesseractDefaultThreads: asInstalled))
        }
        print(Row.table(rows))
    }
}

/// `manifest.tsv`: file, subset, … (one header line).
struct Manifest {
    struct Subset {
        var name: String
        var images: [URL]
        var isLines: Bool { name.hasSuffix("_line") }
    }

    var subsets: [Subset]

    init(folder: URL) throws {
        let text = try String(contentsOf: folder.appendingPathComponent("manifest.tsv"), encoding: .utf8)
        var order: [String] = []
        var images: [String: [URL]] = [:]
        for line in text.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count >= 2 else { continue }
            let subset = String(fields[1])
            if images[subset] == nil { order.append(subset) }
            images[subset, default: []].append(folder.appendingPathComponent(String(fields[0])))
        }
        subsets = order.map { Subset(name: $0, images: images[$0]!.sorted { $0.path < $1.path }) }
    }

    static func groundTruth(for image: URL) throws -> String {
        try String(contentsOf: image.deletingPathExtension().appendingPathExtension("gt.txt"), encoding: .utf8)
    }
}

/// Errors summed over a subset.
struct Score {
    var edits = 0
    var length = 0
    var rate: Double { length == 0 ? 0 : Double(edits) / Double(length) }

    mutating func add(recognised: String, image: URL) throws {
        add(recognised: recognised, reference: try Manifest.groundTruth(for: image))
    }

    /// `compact`: scored after NFKC with whitespace removed (`ErrorRate.compactCharacterEdits`).
    mutating func add(recognised: String, reference: String, compact: Bool = false) {
        let result = compact ? ErrorRate.compactCharacterEdits(recognised: recognised, reference: reference)
            : ErrorRate.characterEdits(recognised: recognised, reference: reference)
        edits += result.edits
        length += result.length
    }
}

/// One run of `quire recognize` over a whole subset.
struct QuireRun {
    var options: [String]
    var seconds: Double
    var score: Score

    static func measure(_ subset: Manifest.Subset, binary: String, engine: String = "tesseract", extra: [String] = []) throws -> QuireRun {
        // Lines are recognised as lines (the contract's quick mode); pages with the
        // defaults, as the tesseract command reads them.
        let options = subset.isLines ? ["--quick-mode"] : []
        let started = Date()
        let output = try Command.run(binary, ["recognize", "--engine", engine, "--format", "jsonl"] + extra + options + subset.images.map(\.path))
        let seconds = Date().timeIntervalSince(started)
        var texts: [String: String] = [:]
        for line in output.split(separator: "\n") {
            guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  let file = object["file"] as? String else { continue }
            let blocks = (object["result"] as? [String: Any])?["words_block_list"] as? [[String: Any]] ?? []
            texts[file] = blocks.compactMap { $0["words"] as? String }.joined(separator: "\n")
        }
        var score = Score()
        for image in subset.images { try score.add(recognised: texts[image.path] ?? "", image: image) }
        return QuireRun(options: options, seconds: seconds, score: score)
    }
}

struct TesseractSetting {
    var language: String
    var mode: Int
    var label: String { "\(language) --psm \(mode)" }

    /// Every language with the modes that suit the subset: single line, block and raw
    /// line for lines; automatic with and without orientation, column and block for pages.
    static func grid(for subset: Manifest.Subset) -> [TesseractSetting] {
        let modes = subset.isLines ? [7, 6, 13] : [3, 1, 4, 6]
        return ["eng", "chi_sim"].flatMap { language in modes.map { TesseractSetting(language: language, mode: $0) } }
    }
}

/// The `tesseract` command run once per image, one after another.
struct CommandRun {
    var setting: TesseractSetting
    var seconds: Double
    var score: Score

    static func measure(_ subset: Manifest.Subset, setting: TesseractSetting, threadLimit: Bool) throws -> CommandRun {
        var score = Score()
        var seconds = 0.0
        for image in subset.images {
            let started = Date()
            let text = try Command.run("tesseract", [image.path, "stdout", "-l", setting.language, "--psm", String(setting.mode)],
                                       environment: threadLimit ? ["OMP_THREAD_LIMIT": "1"] : [:], removing: threadLimit ? [] : ["OMP_THREAD_LIMIT"])
            seconds += Date().timeIntervalSince(started)
            // The same tidying quire does for Chinese would only help tesseract's score; none is applied.
            try score.add(recognised: text, image: image)
        }
        return CommandRun(setting: setting, seconds: seconds, score: score)
    }
}

enum Command {
    struct Failed: Error, CustomStringConvertible {
        var description: String
    }

    /// Runs a program to completion and returns its stdout; stderr is discarded.
    static func run(_ program: String, _ arguments: [String], environment: [String: String] = [:], removing: [String] = []) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program.contains("/") ? program : "/usr/bin/env")
        process.arguments = program.contains("/") ? arguments : [program] + arguments
        var env = ProcessInfo.processInfo.environment
        for key in removing { env.removeValue(forKey: key) }
        env.merge(environment) { $1 }
        process.environment = env
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("quire-bench-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: scratch.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: scratch) }
        process.standardOutput = try FileHandle(forWritingTo: scratch)
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationReason == .exit, [0, 1].contains(process.terminationStatus) else {
            throw Failed(description: "\(program) exited with \(process.terminationStatus)")
        }
        return try String(contentsOf: scratch, encoding: .utf8)
    }
}

/// A program run with posix_spawn, its memory watched while it runs.
enum ChildProcess {
    /// Runs `program` (a path) to completion, its output discarded and `input` on its
    /// stdin, and returns its peak resident size in KiB: the largest VmHWM read from
    /// /proc every 5 ms while it runs. (The kernel's ru_maxrss will not do: a child
    /// spawned from this large process starts its count at this process's size.)
    static func peakResident(_ program: String, _ arguments: [String], input: String = "") throws -> Int {
        let stdin = FileManager.default.temporaryDirectory.appendingPathComponent("quire-bench-\(UUID().uuidString)")
        try Data(input.utf8).write(to: stdin)
        defer { try? FileManager.default.removeItem(at: stdin) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, stdin.path, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = ([program] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let environment = ProcessInfo.processInfo.environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { environment.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, program, &actions, nil, argv, environment)
        guard spawned == 0 else { throw Command.Failed(description: "\(program) could not start: \(String(cString: strerror(spawned)))") }
        var peak = 0
        var status: Int32 = 0
        while true {
            if let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
               let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
               let kilobytes = line.split(separator: " ").compactMap({ Int($0) }).first {
                peak = max(peak, kilobytes)
            }
            let done = waitpid(pid, &status, WNOHANG)
            if done == pid || (done < 0 && errno != EINTR) { break }
            usleep(5_000)
        }
        return peak
    }
}

struct Row {
    var subset: Manifest.Subset
    var quire: QuireRun
    var tesseract: CommandRun
    var tesseractDefaultThreads: CommandRun

    var images: Int { subset.images.count }
    func rate(_ seconds: Double) -> Double { Double(images) / seconds }

    static func table(_ rows: [Row]) -> String {
        let header = ["subset", "images", "quire img/s", "tesseract img/s", "speed-up", "(default threads)",
                      "quire CER", "tesseract CER", "tesseract setting", "quire options"]
        var lines = rows.map { row -> [String] in
            [row.subset.name, String(row.images),
             String(format: "%.2f", row.rate(row.quire.seconds)),
             String(format: "%.2f", row.rate(row.tesseract.seconds)),
             String(format: "%.2fx", row.tesseract.seconds / row.quire.seconds),
             String(format: "%.2fx", row.tesseractDefaultThreads.seconds / row.quire.seconds),
             String(format: "%.3f", row.quire.score.rate),
             String(format: "%.3f", row.tesseract.score.rate),
             row.tesseract.setting.label,
             row.quire.options.isEmpty ? "(defaults)" : row.quire.options.joined(separator: " ")]
        }
        let images = rows.reduce(0) { $0 + $1.images }
        let quireSeconds = rows.reduce(0) { $0 + $1.quire.seconds }
        let tesseractSeconds = rows.reduce(0) { $0 + $1.tesseract.seconds }
        let defaultSeconds = rows.reduce(0) { $0 + $1.tesseractDefaultThreads.seconds }
        lines.append(["all", String(images), String(format: "%.2f", Double(images) / quireSeconds),
                      String(format: "%.2f", Double(images) / tesseractSeconds),
                      String(format: "%.2fx", tesseractSeconds / quireSeconds),
                      String(format: "%.2fx", defaultSeconds / quireSeconds), "", "", "", ""])
        return Table.render(header: header, rows: lines)
    }
}
