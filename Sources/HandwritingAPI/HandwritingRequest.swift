import Foundation

/// The JSON body of a call, with the contract's field names. Decoding maps every
/// problem to the error the service answers with.
public struct HandwritingRequest: Equatable, Sendable, Codable {
    public var image: String?
    public var url: String?
    public var quickMode: Bool?
    public var charSet: String?
    public var detectDirection: Bool?

    enum CodingKeys: String, CodingKey {
        case image, url
        case quickMode = "quick_mode"
        case charSet = "char_set"
        case detectDirection = "detect_direction"
    }

    public init(image: String? = nil, url: String? = nil, quickMode: Bool? = nil, charSet: String? = nil,
                detectDirection: Bool? = nil) {
        self.image = image
        self.url = url
        self.quickMode = quickMode
        self.charSet = charSet
        self.detectDirection = detectDirection
    }

    /// A request for `input` as a client sends it; bytes are base64-encoded here.
    public init(_ input: RecognitionInput) {
        switch input.source {
        case .bytes(let data): image = data.base64EncodedString()
        case .url(let address): url = address.absoluteString
        }
        quickMode = input.options.quickMode
        charSet = input.options.charSet.rawValue
        detectDirection = input.options.detectDirection
    }

    /// Parses a body: malformed JSON is `ModelArts.4105`, a wrong type `AIS.0101`. A body
    /// (up to 10 MB) is parsed once; only a failure is looked at again to tell the two apart.
    public static func decode(_ body: Data) throws(ServiceError) -> HandwritingRequest {
        do {
            return try JSONDecoder().decode(HandwritingRequest.self, from: body)
        } catch {
            guard (try? JSONSerialization.jsonObject(with: body, options: [.fragmentsAllowed])) != nil else {
                throw ServiceError.malformedJSON
            }
            throw ServiceError.invalidParameter.explained(Self.describe(error))
        }
    }

    /// Checks the request as the service does and returns what to recognise.
    public func validated(limits: ImageLimits = .service) throws(ServiceError) -> RecognitionInput {
        var options = RecognitionOptions(quickMode: quickMode ?? false, detectDirection: detectDirection ?? false)
        if let charSet {
            guard let known = CharSet(rawValue: charSet) else {
                throw ServiceError.invalidParameter.explained(
                    "char_set must be one of \(CharSet.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            options.charSet = known
        }
        switch (image, url) {
        case (nil, nil), ("", nil), (nil, ""):
            throw ServiceError.invalidParameter.explained("give one of image or url")
        case (.some, .some):
            throw ServiceError.invalidParameter.explained("give image or url, not both")
        case (let encoded?, nil):
            let data = try Self.decodeBase64(encoded, limits: limits)
            _ = try ImageValidation.check(data, limits: limits)
            return RecognitionInput(source: .bytes(data), options: options)
        case (nil, let address?):
            return RecognitionInput(source: .url(try Self.checkURL(address)), options: options)
        }
    }

    /// Strict base64: the alphabet, padding, no whitespace, no `data:` prefix.
    static func decodeBase64(_ text: String, limits: ImageLimits) throws(ServiceError) -> Data {
        guard text.utf8.count <= limits.maximumEncodedBytes else {
            throw ServiceError.badImageSize.explained(
                "\(text.utf8.count) bytes of base64; at most \(limits.maximumEncodedBytes)")
        }
        if text.hasPrefix("data:") {
            throw ServiceError.unsupportedFormat.explained("send the base64 text alone, without a data: prefix")
        }
        guard text.utf8.count % 4 == 0, let data = Data(base64Encoded: text) else {
            throw ServiceError.unsupportedFormat.explained("image is not valid base64")
        }
        return data
    }

    /// Only `http` and `https`, ASCII only (non-ASCII must be percent-encoded).
    public static func checkURL(_ address: String) throws(ServiceError) -> URL {
        guard address.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            throw ServiceError.invalidParameter.explained("url must be ASCII, with anything else percent-encoded")
        }
        guard let parsed = URL(string: address), let scheme = parsed.scheme?.lowercased(),
              scheme == "http" || scheme == "https", let host = parsed.host, !host.isEmpty
        else {
            throw ServiceError.urlNotAllowed.explained("only http and https addresses are fetched")
        }
        return parsed
    }

    private static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "the body does not fit the contract" }
        switch error {
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .keyNotFound(_, let context),
             .dataCorrupted(let context):
            let field = context.codingPath.map(\.stringValue).joined(separator: ".")
            return field.isEmpty ? "the body must be a JSON object" : "\(field) has the wrong type"
        @unknown default:
            return "the body does not fit the contract"
        }
    }
}
