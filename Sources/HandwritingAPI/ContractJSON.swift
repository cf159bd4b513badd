import Foundation

/// Writes responses as the service lays them out: keys in the order of API.md,
/// one block per line when pretty, each point as `[x,y]`. (Foundation's encoder
/// on Linux orders keys by hash and spreads every coordinate over its own line.)
public enum ContractJSON {
    /// `labels` come first, as extra keys (`"file"`, `"page"`) in front of the response's own.
    public static func text(_ response: HandwritingResponse, labels: [(String, LabelValue)] = [], pretty: Bool = false) -> String {
        var fields: [(key: String, json: String)] = labels.map { ($0.0, $0.1.json) }
        switch response {
        case .success(let result):
            fields.append(("result", resultText(result, pretty: pretty)))
        case .failure(let error):
            fields.append(("error_code", quote(error.code)))
            fields.append(("error_msg", quote(error.message)))
        }
        return object(fields)
    }

    /// `{"key": value, ...}` on one line, keys in the order given; values are JSON already.
    public static func object(_ fields: [(key: String, json: String)]) -> String {
        "{" + fields.map { "\(quote($0.key)): \($0.json)" }.joined(separator: ", ") + "}"
    }

    public enum LabelValue {
        case string(String)
        case int(Int)

        var json: String {
            switch self {
            case .string(let text): return quote(text)
            case .int(let number): return String(number)
            }
        }
    }

    static func resultText(_ result: HandwritingResult, pretty: Bool) -> String {
        let blocks = result.blocks.map(blockText)
        let list = blocks.isEmpty ? "[]"
            : pretty ? "[\n    " + blocks.joined(separator: ",\n    ") + "]" : "[" + blocks.joined(separator: ", ") + "]"
        return "{\"words_block_count\": \(result.blocks.count),\(pretty ? "\n  " : " ")\"words_block_list\": \(list)}"
    }

    static func blockText(_ block: WordsBlock) -> String {
        "{\"words\": \(quote(block.words)), \"type\": \(quote(block.type)), "
            + "\"confidence\": \(number(block.confidence)), \"location\": \(location(block.location))}"
    }

    /// `[[x,y],[x,y],…]`, as the contract writes a location.
    public static func location(_ points: [Point]) -> String {
        "[" + points.map { "[\($0.x),\($0.y)]" }.joined(separator: ",") + "]"
    }

    /// Four decimals, as the service gives them, without float noise (0.9615, not 0.96151992…).
    static func number(_ value: Double) -> String {
        let rounded = (value * 10_000).rounded() / 10_000
        return rounded == rounded.rounded() ? String(format: "%.1f", rounded) : "\(rounded)"
    }

    /// A JSON string literal.
    public static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
