import Foundation
import QuireText

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

    /// Bands of confidence for the calibration table.
    static let confidenceBands: [ClosedRange<Double>] = [0...0.5, 0.5...0.7, 0.7...0.8, 0.8...0.9, 0.9...0.95, 0.95...1]

    public static func == (a: AccuracyReport, b: AccuracyReport) -> Bool {
        a.workspace == b.workspace && a.byEngine == b.byEngine && a.byDocument == b.byDocument && a.byPage == b.byPage
            && a.calibration.map(\.accuracy) == b.calibration.map(\.accuracy)
    }

    /// One block someone corrected or marked reviewed, as a backend reads it: its
    /// reference is the corrected text, or the recognised text when reviewed unchanged.
    struct CheckedBlock {
        var recognised: String
        var reference: String
        var confidence: Double
        var engine: String
        var documentName: String
        var page: Int
    }

    init(_ checked: [CheckedBlock]) {
        var bands = Self.confidenceBands.map { ($0, Accuracy(), 0.0) }
        for block in checked {
            let (recognised, reference) = (block.recognised, block.reference)
            workspace.add(recognised: recognised, reference: reference)
            byEngine[block.engine, default: Accuracy()].add(recognised: recognised, reference: reference)
            byDocument[block.documentName, default: Accuracy()].add(recognised: recognised, reference: reference)
            byPage[block.documentName, default: [:]][block.page, default: Accuracy()].add(recognised: recognised, reference: reference)
            let index = bands.lastIndex { $0.0.lowerBound <= block.confidence } ?? 0
            bands[index].1.add(recognised: recognised, reference: reference)
            bands[index].2 += block.confidence
        }
        calibration = bands.map { ($0.0, $0.1, $0.1.blocks == 0 ? 0 : $0.2 / Double($0.1.blocks)) }
    }
}
