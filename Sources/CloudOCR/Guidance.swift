import HandwritingAPI

/// What a person should do about a failure, in words, added to the error shown.
public enum Guidance {
    static func isAuthenticationFailure(_ error: ServiceError) -> Bool {
        ["APIG.0301", "APIG.0307", "ModelArts.4101", "ModelArts.4103"].contains(error.code) || error.httpStatus == 401
    }

    public static func advice(for error: ServiceError) -> String? {
        switch error.code {
        case "ModelArts.4204":
            return "service not enabled in this region: subscribe to the handwriting API in the OCR console for cn-north-4, the only region that serves it"
        case "APIG.0301":
            return "the access key, secret key or signature was refused: check HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK, and this machine's clock (clock skew over 15 minutes is refused); five failures lock the key for five minutes"
        case "APIG.0307":
            return "token expired: a new one is fetched and the call tried once more; if this persists, check the IAM user and password"
        case "ModelArts.4101", "ModelArts.4103":
            return "no valid token or signature: set credentials (see quire config)"
        case "APIG.0308":
            return "over the per-minute request limit: lower --jobs or try again in a minute"
        case "ModelArts.4104", "APIG.0201", "AIS.0103":
            return error.httpStatus == 504
                ? "the service timed out: try again later"
                : "image too large or too small: at most 10 MB once base64-encoded, sides of 8 to 8192 px; scale the scan or send its URL"
        case "AIS.0102":
            return "image format not supported: send JPEG, PNG, BMP or TIFF, as base64 without a data: prefix"
        case "ModelArts.4601":
            return "URL not allowed: only http and https addresses the service can reach"
        case "ModelArts.4603":
            return "the service could not fetch the URL: check that it is public and answers quickly"
        default:
            switch error.httpStatus {
            case 502, 503, 504: return "the service is unavailable: try again later"
            case 408: return "the request timed out: try again"
            default: return nil
            }
        }
    }

    /// The error with its advice as detail, unless it already explains itself.
    public static func explain(_ error: ServiceError) -> ServiceError {
        guard error.detail == nil, let advice = advice(for: error) else { return error }
        return error.explained(advice)
    }
}
