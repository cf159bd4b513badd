import CloudOCR
import HandwritingAPI
import XCTest

final class RetryPolicyTests: XCTestCase {
    let policy = RetryPolicy()

    private func error(_ code: String, _ status: Int) -> ServiceError {
        ServiceError(code: code, message: "m", httpStatus: status)
    }

    func testRetriesThrottlingTimeoutsAndGatewayTrouble() {
        for status in [408, 429, 502, 503, 504] {
            XCTAssertTrue(policy.shouldRetry(error("X", status), afterAttempt: 1), "\(status)")
        }
        XCTAssertTrue(policy.shouldRetry(.throttled, afterAttempt: 2))
        XCTAssertFalse(policy.shouldRetry(.throttled, afterAttempt: 3), "three calls in all")
    }

    func testNeverOtherClientErrorsNorAuthenticationFailures() {
        for failure in [ServiceError.badImageSize, .invalidParameter, .entityTooLarge, .authenticationFailed, .tokenMustBeUpdated,
                        .missingToken, .invalidContentLength, ServiceError.notSubscribed()] {
            XCTAssertFalse(policy.shouldRetry(failure, afterAttempt: 1), failure.code)
        }
        XCTAssertFalse(policy.shouldRetry(error("X", 500), afterAttempt: 1))
    }

    func testDelaysAreTwoToFiveSecondsWithJitter() {
        XCTAssertEqual(policy.delay(random: 0), 2)
        XCTAssertEqual(policy.delay(random: 1), 5)
        XCTAssertEqual(policy.delay(random: 0.5), 3.5)
    }

    func testFailuresSayWhatToDo() {
        XCTAssertTrue(Guidance.explain(.notSubscribed()).detail?.contains("service not enabled in this region") ?? false)
        XCTAssertTrue(Guidance.explain(.authenticationFailed).detail?.contains("clock skew") ?? false)
        XCTAssertTrue(Guidance.explain(.tokenMustBeUpdated).detail?.contains("token expired") ?? false)
        XCTAssertTrue(Guidance.explain(.entityTooLarge).detail?.contains("image too large") ?? false)
        XCTAssertEqual(Guidance.explain(ServiceError.badImageSize.explained("4x4")).detail, "4x4", "an explained error keeps its own words")
    }
}
