import Foundation
import QuireText

/// Where the tests find real files: the samples `scripts/setup` renders. Nothing
/// outside the repository is read (real handwriting is quire-bench's, with `--data`).
public enum Fixtures {
    public static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    public static let samples = repositoryRoot.appendingPathComponent("samples")

    public struct Missing: Error, CustomStringConvertible {
        public let description: String
        public init(description: String) { self.description = description }
    }

    /// A sample's bytes; a missing sample is an error that names the command that makes it.
    public static func sample(_ name: String) throws -> Data {
        try contents(of: samples.appendingPathComponent(name), else: "run scripts/setup")
    }

    /// The text a sample shows (`NAME.gt.txt` beside `NAME.png`).
    public static func sampleText(_ name: String) throws -> String {
        try String(decoding: sample(groundTruthName(name)), as: UTF8.self)
    }

    private static func contents(of url: URL, else advice: String) throws -> Data {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw Missing(description: "\(url.path) is missing: \(advice)")
        }
        return data
    }

    static func groundTruthName(_ image: String) -> String {
        (image as NSString).deletingPathExtension + ".gt.txt"
    }

    /// A fresh folder under the system's temporary one, removed by the caller.
    public static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("quire-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Writes a file whose name is the bytes given (not always UTF-8: `bad\xff.png`);
    /// its path as Quire keeps it (`FileNames`).
    @discardableResult
    public static func write(_ data: Data, in folder: URL, nameBytes: [UInt8]) throws -> String {
        let temporary = folder.appendingPathComponent(".writing-\(UUID().uuidString)")
        try data.write(to: temporary)
        let path = folder.path + "/" + FileNames.decode(nameBytes)
        guard FileNames.withCString(path, { rename(temporary.path, $0) }) == 0 else { throw Missing(description: "cannot name \(path)") }
        return path
    }
}
