import HandwritingAPI
import PaddleRecognizer

/// The default engine: PP-OCR for handwriting and Chinese, Tesseract for pages of
/// printed Latin text, chosen page by page.
///
/// On ../shared/eval-real PP-OCR reads Chinese handwriting at a CER of 0.08 where
/// Tesseract reads 0.77, and English handwriting a little better than Tesseract; but
/// printed pages Tesseract reads better (0.025 against 0.049), and on a page turned on
/// its side its layout analysis keeps the lines in order where PP-OCR's boxes alone
/// do not (quire-bench engines). So PP-OCR finds a page's lines and reads the longest
/// few; when they are Latin script read with the near-certainty that only print gets,
/// the page goes to Tesseract. Quick mode (a single line) is PP-OCR's.
public final class AutoRecognizer: Recognizer {
    /// Share of Latin letters from which a page is Latin script.
    static let latinShare = 0.8
    /// PP-OCR's mean confidence from which the text is print: printed pages in the
    /// evaluation set read at 0.98 and above, handwritten ones at 0.86 and below.
    static let printedConfidence = 0.93

    private let paddle: PaddleRecognizer
    private let tesseract: any Recognizer

    public init(paddle: PaddleRecognizer, tesseract: any Recognizer) {
        self.paddle = paddle
        self.tesseract = tesseract
    }

    public func recognize(_ input: RecognitionInput) async throws -> HandwritingResult {
        if let result = try await paddle.recognize(input, handOver: Self.suitsTesseract) { return result }
        return try await tesseract.recognize(input)
    }

    /// Printed Latin text, or Latin text running down the page: Tesseract's.
    @Sendable static func suitsTesseract(_ survey: PageSurvey) -> Bool {
        guard survey.latinShare >= latinShare else { return false }
        return survey.confidence >= printedConfidence || survey.verticalLines * 2 > survey.lines
    }
}
