import Foundation

/// Character and word error rates of a recognised text against a reference, as
/// transcription people measure them: Levenshtein distance over the reference's
/// length, on NFC-normalised characters with runs of whitespace collapsed.
public enum ErrorRate {
    /// Text as it is compared: NFC, whitespace runs as one space, trimmed.
    public static func normalise(_ text: String) -> String {
        text.precomposedStringWithCanonicalMapping
            .split(whereSeparator: \.isWhitespace)
            .joined(separator: " ")
    }

    /// Edits needed to turn the recognised text into the reference, over the reference's
    /// characters (Unicode scalars after NFC). An empty reference gives 0 for an empty
    /// result and 1 otherwise.
    public static func characterErrorRate(recognised: String, reference: String) -> Double {
        rate(Array(normalise(recognised).unicodeScalars), Array(normalise(reference).unicodeScalars))
    }

    public static func characterEdits(recognised: String, reference: String) -> (edits: Int, length: Int) {
        let hypothesis = Array(normalise(recognised).unicodeScalars)
        let truth = Array(normalise(reference).unicodeScalars)
        return (distance(hypothesis, truth), truth.count)
    }

    /// Character edits as Chinese OCR is often scored: NFKC (full-width punctuation and
    /// letters folded to their usual forms) with all whitespace removed, so that neither
    /// a comma's width nor a space a writer left between phrases counts.
    public static func compactCharacterEdits(recognised: String, reference: String) -> (edits: Int, length: Int) {
        func compact(_ text: String) -> [Unicode.Scalar] {
            Array(text.precomposedStringWithCompatibilityMapping.unicodeScalars.filter { !$0.properties.isWhitespace })
        }
        let truth = compact(reference)
        return (distance(compact(recognised), truth), truth.count)
    }

    public static func wordEdits(recognised: String, reference: String) -> (edits: Int, length: Int) {
        let hypothesis = normalise(recognised).split(separator: " ").map(String.init)
        let truth = normalise(reference).split(separator: " ").map(String.init)
        return (distance(hypothesis, truth), truth.count)
    }

    /// The same over words (runs of non-whitespace).
    public static func wordErrorRate(recognised: String, reference: String) -> Double {
        rate(normalise(recognised).split(separator: " ").map(String.init),
             normalise(reference).split(separator: " ").map(String.init))
    }

    private static func rate<T: Equatable>(_ hypothesis: [T], _ truth: [T]) -> Double {
        if truth.isEmpty { return hypothesis.isEmpty ? 0 : 1 }
        return Double(distance(hypothesis, truth)) / Double(truth.count)
    }

    /// Levenshtein distance in O(n·m) time and O(m) memory.
    public static func distance<T: Equatable>(_ a: [T], _ b: [T]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(substitution, previous[j] + 1, current[j - 1] + 1)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
