/// Telling Chinese from Latin text by what a recogniser read, and tidying CJK text.
enum Script {
    enum Kind { case latin, han }

    /// Space-separated words of two or more ASCII letters, per line read.
    static func wordsPerLine(_ lines: [String]) -> Double {
        guard !lines.isEmpty else { return 0 }
        let words = lines.flatMap { $0.split(separator: " ") }.filter { word in
            word.unicodeScalars.filter { $0.isASCII && $0.properties.isAlphabetic }.count >= 2
        }
        return Double(words.count) / Double(lines.count)
    }

    /// Han ideographs (the unified block and extension A, compatibility ideographs).
    static func isHan(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0xF900...0xFAFF, 0x20000...0x2A6DF: return true
        default: return false
        }
    }

    /// Characters that sit in a CJK line without spaces around them.
    static func isCJK(_ scalar: Unicode.Scalar) -> Bool {
        if isHan(scalar) { return true }
        switch scalar.value {
        case 0x3000...0x303F, 0xFF00...0xFFEF, 0x3040...0x30FF: return true  // punctuation, full-width forms, kana
        default: return false
        }
    }

    /// The share of Han among the non-space characters of `text`.
    static func hanShare(of text: String) -> Double {
        var han = 0, total = 0
        for scalar in text.unicodeScalars where !scalar.properties.isWhitespace {
            total += 1
            if isHan(scalar) { han += 1 }
        }
        return total == 0 ? 0 : Double(han) / Double(total)
    }

    /// Tesseract's Chinese model often puts spaces between ideographs; Chinese is
    /// written without them, so a space with CJK on both sides is removed.
    static func removingSpacesBetweenCJK(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == " " {
                var end = index
                while end < scalars.count, scalars[end] == " " { end += 1 }
                if index > 0, end < scalars.count, isCJK(scalars[index - 1]), isCJK(scalars[end]) {
                    index = end
                    continue
                }
            }
            out.append(scalar)
            index += 1
        }
        return String(out)
    }
}
