import Foundation

extension ServiceError {
    /// The error in a failed response's body, in every shape the official SDKs read:
    /// `{"error_code", "error_msg"}`, the same nested under `"result"`,
    /// `{"errorCode", "errorMsg"}`, `{"code", "message"}`, and IAM's
    /// `{"error": {"code", "message"}}`. When none parses, the HTTP status and the
    /// start of the raw text are the error.
    public static func parse(body: Data, httpStatus: Int, requestID: String?) -> ServiceError {
        let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any]
        let candidates = [object, object?["result"] as? [String: Any], object?["error"] as? [String: Any]].compactMap { $0 }
        let keyPairs = [("error_code", "error_msg"), ("errorCode", "errorMsg"), ("code", "message")]
        for candidate in candidates {
            for (codeKey, messageKey) in keyPairs {
                guard let code = text(candidate[codeKey]), let message = text(candidate[messageKey]) else { continue }
                return ServiceError(code: code, message: message, httpStatus: httpStatus, requestID: requestID)
            }
        }
        let raw = String(decoding: body.prefix(300), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return ServiceError(code: "HTTP.\(httpStatus)", message: raw.isEmpty ? "HTTP status \(httpStatus)" : raw,
                            httpStatus: httpStatus, requestID: requestID)
    }

    /// Codes come as strings from the OCR service and as numbers from some gateways.
    private static func text(_ value: Any?) -> String? {
        switch value {
        case let string as String where !string.isEmpty: return string
        case let number as NSNumber: return number.stringValue
        default: return nil
        }
    }
}
