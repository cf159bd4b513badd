import Foundation
import HandwritingAPI
import Synchronization
import Testing
import TestSupport
import TesseractRecognizer
import TranscriptStore
@testable import Transcription

/// The worker's rules for failures, on a real queue (a database of the tests' own
/// PostgreSQL server) and the real Tesseract engine behind a gate that says "not now"
/// as often as a test asks: a throttled cloud is tried again, a page the engine refuses
/// is failed with its code.
@Suite struct QueueWorkerTests {
    /// Tesseract, after answering `refusals` calls with `error`.
    private final class Refusing: Recognizer {
        let engine: TesseractRecognizer
        let error: ServiceError
        let refusals = Mutex(0)

        init(_ error: ServiceError, times: Int) throws {
            engine = try TesseractRecognizer(.init(workers: 1))
            self.error = error
            refusals.withLock { $0 = times }
        }

        func recognize(_ input: RecognitionInput) async throws -> HandwritingResult {
            if refusals.withLock({ count in defer { count -= 1 }; return count > 0 }) { throw error }
            return try await engine.recognize(input)
        }
    }

    private static func name(_ outcome: QueueWorker.Outcome) -> String {
        switch outcome {
        case .done: "done"
        case .failed: "failed"
        case .givenBack: "given back"
        case .storeTrouble: "trouble"
        }
    }

    private func queueWithALine() throws -> PostgresStore {
        guard case .postgres(let address) = try StoreLocation(try PostgresServer.shared().newDatabase()) else {
            throw StoreError(description: "not a URL")
        }
        let store = try PostgresStore(address: address)
        try Registration(store: store).register(path: "/elsewhere/en_line_1.png", data: try Fixtures.sample("en_line_1.png"))
        #expect(try store.enqueue(documents: nil, at: Date()) == 1)
        return store
    }

    @Test func aThrottledPageIsTriedAgainAndRead() async throws {
        let store = try queueWithALine()
        let outcomes = Mutex<[String]>([])
        let worker = QueueWorker(queue: store, recognizer: try Refusing(.throttled, times: 1), engine: "tesseract", options: .init(quickMode: true),
                                 lease: 30)
        try await worker.run(jobs: 1, untilEmpty: true) { outcome in
            outcomes.withLock { $0.append(Self.name(outcome)) }
        }
        #expect(outcomes.withLock { $0 } == ["given back", "done"])
        #expect(try store.queueCounts() == QueueCounts(done: 1))
        let document = DocumentRecord.id(of: try Fixtures.sample("en_line_1.png"))
        #expect(try store.currentBlocks(of: document, page: 1).first?.text.contains("QUICK BROWN FOX") == true, "read from the store's copy")
    }

    @Test func aPageStillThrottledAfterThreeLeasesOrRefusedIsFailedWithItsCode() async throws {
        for (error, expected) in [(ServiceError.throttled, ["given back", "given back", "failed"]), (ServiceError.poorImage, ["failed"])] {
            let store = try queueWithALine()
            let outcomes = Mutex<[String]>([])
            let worker = QueueWorker(queue: store, recognizer: try Refusing(error, times: 5), engine: "tesseract", options: .init(), lease: 30)
            try await worker.run(jobs: 1, untilEmpty: true) { outcome in
                outcomes.withLock { $0.append(Self.name(outcome)) }
            }
            #expect(outcomes.withLock { $0 } == expected)
            #expect(try store.queueCounts() == QueueCounts(failed: 1))
            #expect(try store.latestFailures().map(\.errorCode) == [error.code])
        }
    }
}
