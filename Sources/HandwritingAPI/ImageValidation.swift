import Foundation

/// The size limits of the contract. The service's minimum side is 8 px (one vendor
/// page says 15); `quire serve` takes it as a setting.
public struct ImageLimits: Equatable, Sendable {
    public var minimumSide: Int
    public var maximumSide: Int
    /// Largest base64 text accepted for `image`.
    public var maximumEncodedBytes: Int

    public init(minimumSide: Int = 8, maximumSide: Int = 8192, maximumEncodedBytes: Int = 10 * 1024 * 1024) {
        self.minimumSide = minimumSide
        self.maximumSide = maximumSide
        self.maximumEncodedBytes = maximumEncodedBytes
    }

    public static let service = ImageLimits()

    /// Length of the base64 text for `byteCount` bytes of file.
    public static func encodedLength(ofBytes byteCount: Int) -> Int { (byteCount + 2) / 3 * 4 }
}

/// Checks image bytes as the service does before it recognises anything.
public enum ImageValidation {
    /// The image's header facts, or the contract error the service would answer with.
    public static func check(_ data: Data, limits: ImageLimits = .service) throws(ServiceError) -> ImageInfo {
        let encoded = ImageLimits.encodedLength(ofBytes: data.count)
        guard encoded <= limits.maximumEncodedBytes else {
            throw ServiceError.badImageSize.explained(
                "\(encoded) bytes once base64-encoded; at most \(limits.maximumEncodedBytes)")
        }
        let info: ImageInfo
        switch ImageProbe.probe(data) {
        case .success(let found): info = found
        case .failure(.unknownFormat(let why)): throw ServiceError.unsupportedFormat.explained(why)
        case .failure(.truncated(let format)): throw ServiceError.unsupportedFormat.explained("truncated \(format.rawValue.uppercased()) file")
        case .failure(.malformed(let format, let why)): throw ServiceError.unsupportedFormat.explained("damaged \(format.rawValue.uppercased()) file: \(why)")
        }
        let shortest = min(info.width, info.height), longest = max(info.width, info.height)
        guard shortest >= limits.minimumSide, longest <= limits.maximumSide else {
            throw ServiceError.badImageSize.explained(
                "the image is \(info.width)x\(info.height) px; each side must be \(limits.minimumSide) to \(limits.maximumSide) px")
        }
        return info
    }
}
