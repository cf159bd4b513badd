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

    /// The image file's bytes, fetched with `fetch` when the input is an address, and
    /// checked against `limits`. An engine without a way to fetch answers ModelArts.4603.
    public func imageBytes(limits: ImageLimits, fetch: (@Sendable (URL) async throws -> Data)?) async throws -> Data {
        let data: Data
        switch source {
        case .bytes(let bytes):
            data = bytes
        case .url(let address):
            guard let fetch else {
                throw ServiceError.urlFetchFailed.explained("this engine was set up without a way to fetch addresses")
            }
            do {
                data = try await fetch(address)
            } catch let error as ServiceError {
                throw error
            } catch {
                throw ServiceError.urlFetchFailed.explained(String(describing: error))
            }
        }
        _ = try ImageValidation.check(data, limits: limits)
        return data
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
