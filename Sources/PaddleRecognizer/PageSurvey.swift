/// What PP-OCR saw of a page from a sample of its lines, for a caller that may prefer
/// another engine for pages of some kind (`AutoRecognizer`: Tesseract for Latin pages
/// it is sure of).
public struct PageSurvey: Sendable, Equatable {
    /// Share of the letters read that are Latin (ASCII) letters.
    public var latinShare: Double
    /// Lines found on the page.
    public var lines: Int

    public init(latinShare: Double, lines: Int) {
        self.latinShare = latinShare
        self.lines = lines
    }

    init(lines sample: [PaddleWorker.Line], total: Int) {
        let texts = sample.map(\.reading.text)
        let letters = texts.reduce(0) { $0 + $1.filter(\.isLetter).count }
        let latin = texts.reduce(0) { $0 + $1.filter { $0.isLetter && $0.isASCII }.count }
        self.init(latinShare: letters == 0 ? 0 : Double(latin) / Double(letters), lines: total)
    }
}

/// Asked once per page with the survey; true hands the page to another engine.
public typealias HandOver = @Sendable (PageSurvey) -> Bool
