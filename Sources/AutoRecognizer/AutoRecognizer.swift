import EngineThreads
import Foundation
import HandwritingAPI
import PaddleRecognizer
import Synchronization

/// The default engine: PP-OCR for handwriting and for every script it knows,
/// Tesseract for printed pages of Latin text, chosen page by page.
///
/// On ../shared/eval-real PP-OCR (PP-OCRv6) reads handwriting far better than
/// Tesseract (English pages 0.12 against 0.39, Chinese lines 0.05 against 0.77), but
/// Tesseract reads printed pages better (0.025 against 0.085): its layout analysis keeps
/// columns apart where PP-OCR's detector may run a line across a narrow gutter
/// (quire-bench engines). PP-OCR's
/// own confidence no longer tells print from handwriting: v6 reads neat handwriting
/// with 0.98, print with 0.99. Tesseract's does: its model knows only print, and it
/// reads printed pages at 0.85 and above and handwritten ones at 0.5 and below (both
/// read off quire recognize's output on the evaluation set's pages and the samples
/// during development, not printed by a benchmark). So
/// PP-OCR finds a page's lines and reads the longest few; a page that is not Latin
/// script stays PP-OCR's; a Latin page is read by Tesseract, whose reading is kept
/// when Tesseract is sure of it, and read by PP-OCR otherwise. Quick mode (a single
/// line) is PP-OCR's, and Tesseract is loaded only when a page first needs it.
public final class AutoRecognizer: Recognizer {
    /// Share of Latin letters from which a page is Latin script.
    static let latinShare = 0.8
    /// Tesseract's mean confidence from which its reading is kept: halfway between
    /// handwriting (0.5 and below) and print (0.85 and above).
    static let printedConfidence = 0.7

    private let paddle: PaddleRecognizer
    private let tesseract: Lazy
    /// Pages in flight, one per PP-OCR worker: a page handed to Tesseract keeps its
    /// pixels until PP-OCR may finish it, and without a bound every page admitted would
    /// wait so (ten 8192 x 8192 pages at once held 6 GiB).
    private let pages: RequestGate

    /// `makeTesseract` is called once, when the first Latin page needs it.
    public init(paddle: PaddleRecognizer, makeTesseract: @escaping @Sendable () throws -> any Recognizer) {
        self.paddle = paddle
        tesseract = Lazy(make: makeTesseract)
        pages = RequestGate(limit: paddle.workers)
    }

    public convenience init(paddle: PaddleRecognizer, tesseract: any Recognizer) {
        self.init(paddle: paddle, makeTesseract: { tesseract })
    }

    public func recognize(_ input: RecognitionInput) async throws -> HandwritingResult {
        try await pages.passing { try await self.read(input) }
    }

    private func read(_ input: RecognitionInput) async throws -> HandwritingResult {
        switch try await paddle.recognize(input, offering: Self.isLatin) {
        case .read(let result):
            return result
        case .offered(let page):
            let printed = try await tesseract.get().recognize(input)
            if Self.confidence(of: printed) >= Self.printedConfidence { return printed }
            return try await paddle.finish(page)
        }
    }

    /// Pages whose sampled lines are Latin script are offered to Tesseract.
    @Sendable static func isLatin(_ survey: PageSurvey) -> Bool {
        survey.latinShare >= latinShare
    }

    /// Mean confidence of a reading's characters.
    static func confidence(of result: HandwritingResult) -> Double {
        let characters = result.blocks.reduce(0) { $0 + $1.words.count }
        guard characters > 0 else { return 0 }
        return result.blocks.reduce(0) { $0 + $1.confidence * Double($1.words.count) } / Double(characters)
    }

    /// An engine made on first use, once.
    private final class Lazy: Sendable {
        private let make: @Sendable () throws -> any Recognizer
        private let made = Mutex<(any Recognizer)?>(nil)

        init(make: @escaping @Sendable () throws -> any Recognizer) { self.make = make }

        func get() throws -> any Recognizer {
            try made.withLock { made in
                if let made { return made }
                let engine = try make()
                made = engine
                return engine
            }
        }
    }
}
