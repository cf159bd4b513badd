/// PP-OCR's recognizer often takes a capital for its small letter inside a word of
/// capitals ("fOX", "HEr", "mARCH" on the sample letter, written in capitals); a word
/// mixing the two that way is almost never what was written.
enum LatinCase {
    /// The text with each word of mostly capital Latin letters written in capitals.
    static func mended(_ text: String) -> String {
        guard text.contains(where: { $0.isASCII && $0.isLowercase }) else { return text }
        var result = ""
        var word = ""
        func flush() {
            let letters = word.filter { $0.isASCII && $0.isLetter }
            let capitals = letters.filter(\.isUppercase).count
            result += capitals >= 2 && capitals > letters.count - capitals ? word.uppercased() : word
            word = ""
        }
        for character in text {
            if character.isASCII && (character.isLetter || character.isNumber) {
                word.append(character)
            } else {
                flush()
                result.append(character)
            }
        }
        flush()
        return result
    }
}
