import Foundation
import TestSupport
import XCTest

final class ConfigCommandTests: XCTestCase {
    func testVersionIsAReleaseNumberAndEveryShellGetsCompletions() throws {
        let version = try QuireBinary.run(["--version"])
        XCTAssertEqual(version.status, 0)
        XCTAssertNotNil(version.output.trimmingCharacters(in: .whitespacesAndNewlines).wholeMatch(of: /\d+\.\d+\.\d+/))
        for shell in ["bash", "zsh", "fish"] {
            let script = try QuireBinary.run(["--generate-completion-script", shell])
            XCTAssertEqual(script.status, 0)
            XCTAssertTrue(script.output.contains("recognize") && script.output.contains("open"), "\(shell) completion lacks the commands")
        }
    }

    func testShowsWhereEachSettingCameFromAndNoSecret() throws {
        let home = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: home) }
        let run = try QuireBinary.run(["config", "--region", "la-south-2"], environment: [
            "HOME": home.path, "HUAWEICLOUD_SDK_AK": "AKEXAMPLE", "HUAWEICLOUD_SDK_SK": "never-print-this-sk",
            "HUAWEICLOUD_SDK_PROJECT_ID": "p42", "OMP_THREAD_LIMIT": "1",
        ])
        XCTAssertEqual(run.status, 0, run.errors)
        XCTAssertFalse((run.output + run.errors).contains("never-print-this-sk"))
        XCTAssertTrue(run.output.contains("access key      AKEXAMPLE  (environment HUAWEICLOUD_SDK_AK)"), run.output)
        XCTAssertTrue(run.output.contains("secret key      (set)  (environment HUAWEICLOUD_SDK_SK)"), run.output)
        XCTAssertTrue(run.output.contains("region          la-south-2  (command line --region)"), run.output)
        XCTAssertTrue(run.output.contains("authentication  AK/SK signing (SDK-HMAC-SHA256)"), run.output)
        XCTAssertTrue(run.errors.contains("warning: region la-south-2 has OCR but not the handwriting API"), run.errors)
    }

    func testAConfigFileOthersCanReadIsRefused() throws {
        let home = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: home) }
        let file = home.appendingPathComponent("cloud.conf")
        try Data("sk = leaked-secret\n".utf8).write(to: file)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file.path)
        let run = try QuireBinary.run(["config", "--config", file.path], environment: ["HOME": home.path, "OMP_THREAD_LIMIT": "1"])
        XCTAssertEqual(run.status, 2)
        XCTAssertTrue(run.errors.contains("run chmod 600 on it"), run.errors)
        XCTAssertFalse((run.output + run.errors).contains("leaked-secret"))
    }
}
