import Foundation
import PaddleRecognizer

/// The built `quire` program, run as a user runs it.
public enum QuireBinary {
    /// Beside the test bundle in the build folder (swift test builds every product).
    public static var url: URL {
        get throws {
            let candidates = [
                URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("quire"),
                Fixtures.repositoryRoot.appendingPathComponent(".build/debug/quire"),
            ]
            guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
                throw Fixtures.Missing(description: "the quire binary is not built: run swift build")
            }
            return found
        }
    }

    public struct Outcome {
        public var status: Int32
        public var stdout: Data
        public var stderr: Data
        public var output: String { String(decoding: stdout, as: UTF8.self) }
        public var errors: String { String(decoding: stderr, as: UTF8.self) }
    }

    /// `quire` started and left running, its standard streams as pipes to talk to it.
    public struct Running: Sendable {
        public let process: Process
        public let input: FileHandle
        public let output: FileHandle
        public let errors: FileHandle
    }

    /// A test's own environment for the binary, with Quire's data folder (the PP-OCR
    /// models `scripts/setup` fetched) named, since tests often set HOME to a scratch folder.
    static func withQuireData(_ environment: [String: String]) -> [String: String] {
        var environment = environment
        if environment["QUIRE_DATA"] == nil { environment["QUIRE_DATA"] = dataFolder }
        return environment
    }

    /// Quire's data folder, where `scripts/setup` put the PP-OCR models.
    public static var dataFolder: String { PaddleFiles.dataFolder }

    /// Starts `quire ARGUMENTS`, through `launcher` if one is given (`ip netns exec NAME`).
    public static func start(_ arguments: [String], environment: [String: String], launcher: [String] = []) throws -> Running {
        let process = try Self.process(arguments, launcher: launcher)
        process.environment = withQuireData(environment)
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        return Running(process: process, input: input.fileHandleForWriting, output: output.fileHandleForReading,
                       errors: errors.fileHandleForReading)
    }

    /// A process for `quire ARGUMENTS`, or for `LAUNCHER quire ARGUMENTS`.
    private static func process(_ arguments: [String], launcher: [String]) throws -> Process {
        let process = Process()
        if let command = launcher.first {
            process.executableURL = URL(fileURLWithPath: command)
            process.arguments = launcher.dropFirst() + [try url.path] + arguments
        } else {
            process.executableURL = try url
            process.arguments = arguments
        }
        return process
    }

    /// Runs `quire ARGUMENTS` in the repository folder with output captured through files;
    /// `launcher` is a command that runs it under limits (`prlimit …`, `setpriv …`). One
    /// that has not ended after `timeout` seconds is killed and fails the test.
    public static func run(_ arguments: [String], in folder: URL = Fixtures.repositoryRoot,
                           environment: [String: String]? = nil, launcher: [String] = [], timeout: Double = 300) throws -> Outcome {
        let scratch = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let out = scratch.appendingPathComponent("stdout"), err = scratch.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        let process = try Self.process(arguments, launcher: launcher)
        if let environment { process.environment = withQuireData(environment) }
        process.currentDirectoryURL = folder
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning, Date() < deadline { usleep(10_000) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            throw Spawn.Failure(description: "quire \(arguments.joined(separator: " ")) did not end within \(Int(timeout)) s")
        }
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus,
                       stdout: try Data(contentsOf: out), stderr: try Data(contentsOf: err))
    }
}
