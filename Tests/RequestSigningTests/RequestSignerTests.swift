@testable import RequestSigning
import Foundation
import HandwritingAPI
import XCTest

/// The published vectors of API.md, to the letter.
final class RequestSignerTests: XCTestCase {
    let signer = RequestSigner(accessKey: "AccessKey", secretKey: "SecretKey")
    let vpcs = URL(string: "https://service.region.example.com/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs?limit=2&marker=13551d6b-755d-4757-b956-536f674975c0")!

    private func signature(_ request: SignableRequest, _ signed: [String], with signer: RequestSigner? = nil) -> String {
        (signer ?? self.signer).signature(for: request, signedHeaders: signed)
    }

    func testFirstVectorAndItsCanonicalRequest() {
        let request = SignableRequest(method: "GET", path: "/path", query: [("limit", "1")], headers: [("X-Sdk-Date", "20060102T150405Z")])
        XCTAssertEqual(RequestSigner.canonicalRequest(request, signedHeaders: ["x-sdk-date"]),
                       "GET\n/path/\nlimit=1\nx-sdk-date:20060102T150405Z\n\nx-sdk-date\n\(RequestSigner.emptyBodyHash)")
        XCTAssertEqual(signature(request, ["x-sdk-date"]), "5a2ce64c865e0e6046321c6f3d5a77ba8413eeaf355c3166c03d58d02ac79624")
    }

    func testSecondVectorWithABody() {
        let request = SignableRequest(method: "POST", path: "/path", query: [("key", "value")], headers: [("X-Sdk-Date", "20060102T150405Z")],
                                      body: Data("{\"Name\":\"test\",\"Id\":1}\n".utf8))
        XCTAssertEqual(signature(request, ["x-sdk-date"]), "cecc2af119b18ab70b4d094c0750f3b42c02f254903179a0fc2cc72fc9db4f59")
    }

    func testThirdVectorSignsTheHost() {
        let request = SignableRequest(method: "GET", url: vpcs, headers: [("X-Sdk-Date", "20191115T033655Z")])
        XCTAssertEqual(signature(request, ["host", "x-sdk-date"]), "fd95e7da6f695cfb4cabbb9d6b0968aec155bc576b064835282473539ae9ea1d")
    }

    func testFourthVectorPostsToAPathWithAnID() {
        let request = SignableRequest(method: "POST", url: URL(string: "https://service.region.example.com/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpc/123")!,
                                      headers: [("X-Sdk-Date", "20191115T033655Z")], body: Data("{\"key\":\"value\"}".utf8))
        XCTAssertEqual(signature(request, ["host", "x-sdk-date"]), "b5649aa774f6cac7437631662f08815fc65c70e40e486df6db2436ce68902771")
    }

    func testFifthVectorWithContentTypeAndOtherKeys() {
        let keys = RequestSigner(accessKey: "QTWAOYTTINDUT2QVKYUC", secretKey: "MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc")
        let request = SignableRequest(method: "GET", url: vpcs, headers: [("Content-Type", "application/json"), ("X-Sdk-Date", "20191115T033655Z")])
        XCTAssertEqual(signature(request, ["content-type", "host", "x-sdk-date"], with: keys),
                       "7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe")
    }

    func testSignAddsDateAndAuthorizationOverEveryHeader() throws {
        var request = SignableRequest(method: "POST", url: URL(string: "https://ocr.cn-north-4.myhuaweicloud.com/v2/p1/ocr/handwriting")!,
                                      headers: [("Content-Type", "application/json;charset=UTF-8"), ("X-Project-Id", "p1")], body: Data("{}".utf8))
        signer.sign(&request, at: Date(timeIntervalSince1970: 1_136_214_245))  // 2006-01-02 15:04:05 UTC
        XCTAssertEqual(request.header("X-Sdk-Date"), "20060102T150405Z")
        let header = try XCTUnwrap(AuthorizationHeader(try XCTUnwrap(request.header("Authorization"))))
        XCTAssertEqual(header.accessKey, "AccessKey")
        XCTAssertEqual(header.signedHeaders, ["content-type", "host", "x-project-id", "x-sdk-date"])
        XCTAssertEqual(header.signature, signature(request, header.signedHeaders))
    }

    func testPathSegmentsAndQueryAreEscaped() {
        XCTAssertEqual(RequestSigner.canonicalURI("/v2/a b/文/"), "/v2/a%20b/%E6%96%87/")
        XCTAssertEqual(RequestSigner.canonicalURI("/"), "/")
    }
}

final class SignatureVerifierTests: XCTestCase {
    let verifier = SignatureVerifier(keys: ["AK1": "SK1"])
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    private func signedRequest(at date: Date, secret: String = "SK1", body: String = "{\"url\":\"https://x/a.png\"}") -> SignableRequest {
        var request = SignableRequest(method: "POST", url: URL(string: "http://127.0.0.1:8080/v2/p/ocr/handwriting")!,
                                      headers: [("Content-Type", "application/json")], body: Data(body.utf8))
        RequestSigner(accessKey: "AK1", secretKey: secret).sign(&request, at: date)
        return request
    }

    func testARightSignatureVerifies() {
        XCTAssertNil(verifier.check(signedRequest(at: now), now: now))
        XCTAssertNil(verifier.check(signedRequest(at: now.addingTimeInterval(-14 * 60)), now: now))
    }

    func testEveryWrongSignatureIsAPIG0301() {
        var tampered = signedRequest(at: now)
        tampered.body = Data("{\"url\":\"https://x/b.png\"}".utf8)
        var unknown = signedRequest(at: now)
        unknown.headers = unknown.headers.map { $0.name == "Authorization" ? ($0.name, $0.value.replacingOccurrences(of: "AK1", with: "AK2")) : $0 }
        var unsigned = signedRequest(at: now)
        unsigned.headers.removeAll { $0.name == "Authorization" }
        let cases: [(SignableRequest, String)] = [
            (tampered, "signature does not match"),
            (signedRequest(at: now, secret: "wrong"), "signature does not match"),
            (signedRequest(at: now.addingTimeInterval(-16 * 60)), "clock skew over 15 minutes"),
            (signedRequest(at: now.addingTimeInterval(16 * 60)), "clock skew over 15 minutes"),
            (unknown, "unknown access key"),
            (unsigned, "no SDK-HMAC-SHA256 Authorization header"),
        ]
        for (request, reason) in cases {
            let error = verifier.check(request, now: now)
            XCTAssertEqual(error?.code, "APIG.0301")
            XCTAssertEqual(error?.httpStatus, 401)
            XCTAssertEqual(error?.detail, reason)
        }
    }

    /// Official SDKs sign different header sets; the server checks the list the client sent.
    func testOnlyTheHostAndDateSignedAlsoVerifies() {
        var request = SignableRequest(method: "POST", url: URL(string: "http://127.0.0.1:8080/v2/p/ocr/handwriting")!,
                                      headers: [("Content-Type", "application/json"), ("X-Sdk-Date", RequestSigner.timestamp(now))], body: Data("{}".utf8))
        let signer = RequestSigner(accessKey: "AK1", secretKey: "SK1")
        request.headers.append(("Authorization", signer.authorization(for: request, signedHeaders: ["host", "x-sdk-date"])))
        XCTAssertNil(verifier.check(request, now: now))
        request.headers = request.headers.map { $0.name == "Content-Type" ? ($0.name, "text/plain") : $0 }
        XCTAssertNil(verifier.check(request, now: now), "an unsigned header may change")
    }
}
