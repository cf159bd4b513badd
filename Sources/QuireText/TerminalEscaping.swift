/// Text from images and file names goes to a terminal only through these: control
/// characters (C0, DEL, C1) and the bidirectional overrides that can disguise text
/// are shown as visible escapes, so no escape sequence ever reaches the terminal. A
/// byte of a file name that is not UTF-8 (see `FileNames`) is shown as `\xff`.
public enum TerminalEscaping {
    /// `"a\u{1B}[31m"` -> `a\x1b[31m`; tabs and newlines too, so one value stays on one line.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            if let byte = FileNames.escapedByte(scalar) {
                out += "\\x" + hex(UInt32(byte), width: 2)
            } else if needsEscape(scalar) {
                out += scalar.value <= 0xFF
                    ? "\\x" + hex(scalar.value, width: 2)
                    : "\\u{" + hex(scalar.value, width: 4) + "}"
            } else if scalar == "\\" {
                out += "\\\\"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// JSON text with the characters JSON leaves unescaped but a terminal acts on
    /// (DEL, C1 controls, bidi overrides) turned into `\uXXXX`. They can only occur
    /// inside strings, so the JSON keeps its meaning.
    public static func escapeJSON(_ json: String) -> String {
        // Layout whitespace only occurs between tokens; inside strings JSON escapes it already.
        func unsafe(_ scalar: Unicode.Scalar) -> Bool { needsEscape(scalar) && !"\t\n\r".unicodeScalars.contains(scalar) }
        guard json.unicodeScalars.contains(where: unsafe) else { return json }
        var out = ""
        for scalar in json.unicodeScalars {
            // A file name's undecodable byte is a scalar past U+FFFF: JSON writes it as a surrogate pair.
            if unsafe(scalar) { out += String(scalar).utf16.map { "\\u" + hex(UInt32($0), width: 4) }.joined() } else { out.unicodeScalars.append(scalar) }
        }
        return out
    }

    public static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: return true
        case 0x202A...0x202E, 0x2066...0x2069: return true  // bidi embeddings, overrides, isolates
        case FileNames.escapes: return true  // a file name's byte that is not UTF-8
        default: return false
        }
    }

    private static func hex(_ value: UInt32, width: Int) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
