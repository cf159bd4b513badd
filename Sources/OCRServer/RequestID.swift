import Foundation
import HTTPTypes

/// The id every answer of `quire serve` carries, so that a client's report and the
/// access log can be matched.
enum RequestID {
    static let header = HTTPField.Name("X-Request-Id")!

    /// 32 lower-case hex digits, random.
    static func make() -> String { UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased() }
}
