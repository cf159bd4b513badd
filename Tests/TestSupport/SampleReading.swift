import Foundation
import HandwritingAPI
import QuireText

/// An engine reading files of the test fixtures, as the engine tests all do.
public struct SampleReading {
    public let engine: any Recognizer

    public init(_ engine: any Recognizer) { self.engine = engine }

    public func read(_ data: Data, _ options: RecognitionOptions = .init()) async throws -> HandwritingResult {
        try await engine.recognize(RecognitionInput(source: .bytes(data), options: options))
    }

    /// The lines read, one a line.
    public static func text(of result: HandwritingResult) -> String {
        result.blocks.map(\.words).joined(separator: "\n")
    }

    /// A sample read, with its character error rate against the text it shows.
    public func read(sample: String, _ options: RecognitionOptions = .init()) async throws -> (result: HandwritingResult, cer: Double) {
        let result = try await read(Fixtures.sample(sample), options)
        let cer = ErrorRate.characterErrorRate(recognised: Self.text(of: result), reference: try Fixtures.sampleText(sample))
        return (result, cer)
    }
}
