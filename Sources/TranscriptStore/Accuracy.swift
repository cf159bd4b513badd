import Foundation
import GRDB
import QuireText

extension TranscriptStore {
    /// Errors of the recogniser against what people made of its blocks.
    public struct Accuracy: Equatable, Sendable {
        public var blocks = 0
        public var characterEdits = 0
        public var characters = 0
        public var wordEdits = 0
        public var words = 0
        public var characterErrorRate: Double { characters == 0 ? 0 : Double(characterEdits) / Double(characters) }
        public var wordErrorRate: Double { words == 0 ? 0 : Double(wordEdits) / Double(words) }

        mutating func add(recognised: String, reference: String) {
            let characters = ErrorRate.characterEdits(recognised: recognised, reference: reference)
            let words = ErrorRate.wordEdits(recognised: recognised, reference: reference)
            blocks += 1
            characterEdits += characters.edits
            self.characters += characters.length
            wordEdits += words.edits
            self.words += words.length
        }
    }

    public struct AccuracyReport: Equatable, Sendable {
        public var workspace = Accuracy()
        public var byEngine: [String: Accuracy] = [:]
        /// Keyed by document name.
        public var byDocument: [String: Accuracy] = [:]
        /// Keyed by document name and page number.
        public var byPage: [String: [Int: Accuracy]] = [:]
        /// Confidence bands (lower bounds) with the error in each: is the confidence worth trusting?
        public var calibration: [(band: ClosedRange<Double>, accuracy: Accuracy, meanConfidence: Double)] = []

        public static func == (a: AccuracyReport, b: AccuracyReport) -> Bool {
            a.workspace == b.workspace && a.byEngine == b.byEngine && a.byDocument == b.byDocument && a.byPage == b.byPage
                && a.calibration.map(\.accuracy) == b.calibration.map(\.accuracy)
        }
    }

    /// Bands of confidence for the calibration table.
    public static let confidenceBands: [ClosedRange<Double>] = [0...0.5, 0.5...0.7, 0.7...0.8, 0.8...0.9, 0.9...0.95, 0.95...1]

    /// Every block someone corrected or marked reviewed counts: its reference is the
    /// corrected text, or the recognised text when it was reviewed unchanged.
    public func accuracy() throws -> AccuracyReport {
        let rows = try pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT block.text AS recognised, coalesce(correction.text, block.text) AS reference, block.confidence AS confidence,
                       run.engine AS engine, run.pageNumber AS page, document.name AS name
                FROM correction
                JOIN block ON block.id = correction.blockId
                JOIN run ON run.id = block.runId
                JOIN document ON document.id = run.documentId
                """)
        }
        var report = AccuracyReport()
        var bands = Self.confidenceBands.map { ($0, Accuracy(), 0.0) }
        for row in rows {
            let recognised: String = row["recognised"], reference: String = row["reference"]
            let engine: String = row["engine"], name: String = row["name"], page: Int = row["page"]
            let confidence: Double = row["confidence"]
            report.workspace.add(recognised: recognised, reference: reference)
            report.byEngine[engine, default: Accuracy()].add(recognised: recognised, reference: reference)
            report.byDocument[name, default: Accuracy()].add(recognised: recognised, reference: reference)
            report.byPage[name, default: [:]][page, default: Accuracy()].add(recognised: recognised, reference: reference)
            let index = bands.lastIndex { $0.0.lowerBound <= confidence } ?? 0
            bands[index].1.add(recognised: recognised, reference: reference)
            bands[index].2 += confidence
        }
        report.calibration = bands.map { ($0.0, $0.1, $0.1.blocks == 0 ? 0 : $0.2 / Double($0.1.blocks)) }
        return report
    }
}
