import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import HandwritingAPI

/// Fetches an image named by `url` for the embedded engine, as the service does:
/// a time limit, a size cap, and a failure as ModelArts.4603.
enum URLImageFetcher {
    static let timeout: TimeInterval = 20
    /// The largest file whose base64 fits the contract's 10 MB.
    static let maximumBytes = ImageLimits.service.maximumEncodedBytes / 4 * 3

    @Sendable static func fetch(_ url: URL) async throws -> Data {
        var request = URLRequest(url: url, timeoutInterval: timeout)
        request.setValue("quire", forHTTPHeaderField: "User-Agent")
        let (data, response): (Data, URLResponse)
        do {
            (data, response) = try await URLSession.shared.data(for: request)
        } catch {
            throw ServiceError.urlFetchFailed.explained((error as NSError).localizedDescription)
        }
        if let http = response as? HTTPURLResponse, !(200..<300).contains(http.statusCode) {
            throw ServiceError.urlFetchFailed.explained("the server answered HTTP \(http.statusCode)")
        }
        guard data.count <= maximumBytes else {
            throw ServiceError.badImageSize.explained("the file at the address is \(data.count) bytes")
        }
        return data
    }
}
