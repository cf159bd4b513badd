/// An error as the handwriting service reports it: a code, the service's exact
/// message, and the HTTP status it comes with. Every failure anywhere in Quire
/// that concerns recognition is one of these, so that the command line, the
/// server and the workbench all show the same thing.
public struct ServiceError: Error, Equatable, Hashable, Sendable {
    public var code: String
    public var message: String
    public var httpStatus: Int
    /// The `X-Request-Id` of the response that carried the error, when there was one.
    public var requestID: String?
    /// What Quire adds for a person: the cause it saw and what to do. Never sent on the wire.
    public var detail: String?

    public init(code: String, message: String, httpStatus: Int, requestID: String? = nil, detail: String? = nil) {
        self.code = code
        self.message = message
        self.httpStatus = httpStatus
        self.requestID = requestID
        self.detail = detail
    }

    /// The same error with a note for the person reading it.
    public func explained(_ detail: String) -> ServiceError {
        var copy = self
        copy.detail = detail
        return copy
    }
}

// The catalogue from API.md. Messages are the service's, to the letter.
extension ServiceError {
    public static let invalidParameter = ServiceError(
        code: "AIS.0101", message: "The input parameter is invalid.", httpStatus: 400)
    public static let unsupportedFormat = ServiceError(
        code: "AIS.0102", message: "The image format is not supported.", httpStatus: 400)
    public static let badImageSize = ServiceError(
        code: "AIS.0103", message: "The image size does not meet the requirements.", httpStatus: 400)
    public static let poorImage = ServiceError(
        code: "AIS.0104", message: "The image is not supported or the image quality is poor.", httpStatus: 400)
    /// Statuses that say "not now" rather than "not this" (API.md's guidance): throttling,
    /// a request timeout, a gateway in trouble. What failed so may succeed later.
    public static let transientStatuses: Set<Int> = [408, 429, 502, 503, 504]
    public var isTransient: Bool { Self.transientStatuses.contains(httpStatus) }

    public static let recognitionFailed = ServiceError(
        code: "AIS.0105", message: "Recognition failed.", httpStatus: 400)

    public static let missingToken = ServiceError(
        code: "ModelArts.4101", message: "Token header cannot be empty.", httpStatus: 401)
    public static let invalidToken = ServiceError(
        code: "ModelArts.4103", message: "Invalid Token header.", httpStatus: 401)
    public static let invalidContentLength = ServiceError(
        code: "ModelArts.4104", message: "Invalid Request Content Length.", httpStatus: 400)
    public static let malformedJSON = ServiceError(
        code: "ModelArts.4105", message: "The JSON format of the input data is incorrect.", httpStatus: 400)
    public static let urlNotAllowed = ServiceError(
        code: "ModelArts.4601", message: "The URL is not allowed.", httpStatus: 400)
    public static let urlFetchFailed = ServiceError(
        code: "ModelArts.4603", message: "Obtaining the file from the URL failed.", httpStatus: 400)
    public static let entityTooLarge = ServiceError(
        code: "APIG.0201", message: "Request entity too large.", httpStatus: 413)
    /// A request's header block over the server's limit: the same code, with HTTP's own status for it.
    public static let headersTooLarge = ServiceError(
        code: "APIG.0201", message: "Request entity too large.", httpStatus: 431)
    public static let authenticationFailed = ServiceError(
        code: "APIG.0301", message: "Incorrect IAM authentication information.", httpStatus: 401)
    public static let tokenMustBeUpdated = ServiceError(
        code: "APIG.0307", message: "The token must be updated.", httpStatus: 401)
    public static let throttled = ServiceError(
        code: "APIG.0308", message: "The throttling threshold has been reached.", httpStatus: 429)

    /// `ModelArts.4204`: the API is not enabled for this account in this region.
    public static func notSubscribed(api: String = "ocr/handwriting") -> ServiceError {
        ServiceError(code: "ModelArts.4204", message: "Request api error! The API \(api) is not subscribed.",
                     httpStatus: 400)
    }
}

extension ServiceError: CustomStringConvertible {
    /// `AIS.0103 The image size does not meet the requirements. (the image is 4x4 px; …) [request abc]`
    public var description: String {
        var text = "\(code) \(message)"
        if let detail { text += " (\(detail))" }
        if let requestID { text += " [request \(requestID)]" }
        return text
    }
}
