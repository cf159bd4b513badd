import Foundation
import HandwritingAPI
import QuireText
import XCTest

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

extension SampleReading {
    /// Reads a sample, and fails the test when it reads worse than `maximumCER`.
    @discardableResult
    public func assertReads(_ sample: String, _ options: RecognitionOptions = .init(), within maximumCER: Double,
                            file: StaticString = #filePath, line: UInt = #line) async throws -> HandwritingResult {
        let (result, cer) = try await read(sample: sample, options)
        XCTAssertLessThanOrEqual(cer, maximumCER, "\(sample) read as: \(Self.text(of: result))", file: file, line: line)
        return result
    }

    /// The sample lines (Chinese and English, two each), each read in quick mode and
    /// asserted to be one block within `maximumCER`; what was read, by sample.
    public func assertReadsEachLineAsOneBlock(within maximumCER: Double, file: StaticString = #filePath, line: UInt = #line)
        async throws -> [(sample: String, result: HandwritingResult)] {
        var read: [(sample: String, result: HandwritingResult)] = []
        for sample in ["zh_line_1.png", "zh_line_2.png", "en_line_1.png", "en_line_2.png"] {
            let result = try await assertReads(sample, .init(quickMode: true), within: maximumCER, file: file, line: line)
            XCTAssertEqual(result.blocks.count, 1, sample, file: file, line: line)
            read.append((sample, result))
        }
        return read
    }

    /// Reads the images one after another, then all at once, and fails the test unless
    /// every answer is the same both ways.
    public func assertConcurrentAnswersEqualSerialOnes(_ images: [Data], file: StaticString = #filePath, line: UInt = #line) async throws {
        var serial: [HandwritingResult] = []
        for image in images { serial.append(try await read(image)) }
        let engine = self.engine
        let concurrent = try await withThrowingTaskGroup(of: (Int, HandwritingResult).self) { group in
            for (index, image) in images.enumerated() {
                group.addTask { (index, try await engine.recognize(RecognitionInput(source: .bytes(image)))) }
            }
            var results = [HandwritingResult?](repeating: nil, count: images.count)
            for try await (index, result) in group { results[index] = result }
            return results.compactMap { $0 }
        }
        XCTAssertEqual(concurrent, serial, file: file, line: line)
    }

    /// Reads what the contract refuses (no image, too small, damaged pixels), and fails
    /// the test unless each is refused with the contract's code.
    public func assertRefusesWhatTheContractRefuses(file: StaticString = #filePath, line: UInt = #line) async throws {
        let cases: [(Data, ServiceError)] = [
            (Data(), .unsupportedFormat),
            (TestImages.file(.png, width: 4, height: 4), .badImageSize),
            (try TestImages.pngWithDamagedPixels(), .poorImage),
        ]
        for (data, expected) in cases {
            do {
                _ = try await read(data)
                XCTFail("accepted \(data.count) bytes", file: file, line: line)
            } catch let error as ServiceError {
                XCTAssertEqual(error.code, expected.code, "\(error)", file: file, line: line)
            }
        }
    }
}
