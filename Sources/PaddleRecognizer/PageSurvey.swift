/// What PP-OCR saw of a page from a sample of its lines, for a caller that may prefer
/// another engine for pages of some kind (`AutoRecognizer`: Tesseract for printed Latin).
public struct PageSurvey: Sendable, Equatable {
    /// Share of the letters read that are Latin (ASCII) letters.
    public var latinShare: Double
    /// Mean probability of the characters read, weighted by line length.
    public var confidence: Double
    /// Lines found on the page, and how many of them run down it rather than across.
    public var lines: Int
    public var verticalLines: Int

    public init(latinShare: Double, confidence: Double, lines: Int, verticalLines: Int) {
        self.latinShare = latinShare
        self.confidence = confidence
        self.lines = lines
        self.verticalLines = verticalLines
    }

    init(lines sample: [PaddleWorker.Line], vertical: Int, total: Int) {
        let texts = sample.map(\.reading.text)
        let letters = texts.reduce(0) { $0 + $1.filter(\.isLetter).count }
        let latin = texts.reduce(0) { $0 + $1.filter { $0.isLetter && $0.isASCII }.count }
        let characters = texts.reduce(0) { $0 + $1.count }
        let weighted = sample.reduce(0.0) { $0 + $1.reading.confidence * Double($1.reading.text.count) }
        self.init(latinShare: letters == 0 ? 0 : Double(latin) / Double(letters),
                  confidence: characters == 0 ? 0 : weighted / Double(characters),
                  lines: total, verticalLines: vertical)
    }
}

/// Asked once per page with the survey; true hands the page to another engine.
public typealias HandOver = @Sendable (PageSurvey) -> Bool
