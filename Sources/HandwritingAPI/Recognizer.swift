import Foundation

/// Where the image of one recognition comes from.
public enum ImageSource: Equatable, Sendable {
    /// The file's bytes, already checked by `ImageValidation`.
    case bytes(Data)
    /// An `http` or `https` address the recognizer fetches itself.
    case url(URL)
}

/// One call of the contract: an image and its options.
public struct RecognitionInput: Equatable, Sendable {
    public var source: ImageSource
    public var options: RecognitionOptions

    public init(source: ImageSource, options: RecognitionOptions = .init()) {
        self.source = source
        self.options = options
    }
}

/// Anything that recognises handwriting: the embedded engines, the cloud client,
/// a compatible server. Failures are thrown as `ServiceError`; anything else a
/// recognizer throws is a bug and is reported as `AIS.0105`.
public protocol Recognizer: Sendable {
    func recognize(_ input: RecognitionInput) async throws -> HandwritingResult
}

extension ServiceError {
    /// The contract error for any error thrown while recognising.
    public static func from(_ error: any Error) -> ServiceError {
        if let error = error as? ServiceError { return error }
        if error is CancellationError {
            return ServiceError.recognitionFailed.explained("cancelled")
        }
        return ServiceError.recognitionFailed.explained(String(describing: error))
    }
}
