import Foundation
import HandwritingAPI
import XCTest

final class ErrorBodyTests: XCTestCase {
    private func parse(_ body: String, status: Int = 400) -> ServiceError {
        ServiceError.parse(body: Data(body.utf8), httpStatus: status, requestID: "req-1")
    }

    func testEveryShapeTheSDKsRead() {
        let shapes = [
            #"{"error_code": "AIS.0103", "error_msg": "The image size does not meet the requirements."}"#,
            #"{"result": {"error_code": "AIS.0103", "error_msg": "The image size does not meet the requirements."}}"#,
            #"{"errorCode": "AIS.0103", "errorMsg": "The image size does not meet the requirements."}"#,
            #"{"code": "AIS.0103", "message": "The image size does not meet the requirements."}"#,
            #"{"error": {"code": "AIS.0103", "message": "The image size does not meet the requirements."}}"#,
        ]
        for body in shapes {
            let error = parse(body)
            XCTAssertEqual(error.code, "AIS.0103", body)
            XCTAssertEqual(error.message, "The image size does not meet the requirements.", body)
            XCTAssertEqual(error.httpStatus, 400)
            XCTAssertEqual(error.requestID, "req-1")
        }
    }

    func testNumericCodesAndUnparsableBodies() {
        XCTAssertEqual(parse(#"{"error": {"code": 401, "message": "The request you have made requires authentication.", "title": "Unauthorized"}}"#, status: 401).code, "401")
        let html = parse("<html><body>502 Bad Gateway</body></html>", status: 502)
        XCTAssertEqual(html.code, "HTTP.502")
        XCTAssertEqual(html.message, "<html><body>502 Bad Gateway</body></html>")
        XCTAssertEqual(parse("", status: 503).message, "HTTP status 503")
        XCTAssertEqual(parse(#"{"unexpected": true}"#, status: 500).code, "HTTP.500")
    }
}
