import CloudOCR
import Foundation
import TestSupport
import XCTest

final class CloudSettingsTests: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws { folder = try Fixtures.temporaryFolder() }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    private func configFile(_ text: String, mode: Int) throws -> URL {
        let url = folder.appendingPathComponent("cloud.conf")
        try Data(text.utf8).write(to: url)
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: url.path)
        return url
    }

    func testTheSDKsEnvironmentVariables() throws {
        let settings = try CloudSettings.load(environment: [
            "HUAWEICLOUD_SDK_AK": "AKEXAMPLE", "HUAWEICLOUD_SDK_SK": "very-secret-key",
            "HUAWEICLOUD_SDK_PROJECT_ID": "p123", "HUAWEICLOUD_SDK_SECURITY_TOKEN": "temp-token", "HOME": folder.path,
        ])
        XCTAssertEqual(settings.accessKey?.value, "AKEXAMPLE")
        XCTAssertEqual(settings.secretKey?.value.value, "very-secret-key")
        XCTAssertEqual(settings.secretKey?.source, .environment("HUAWEICLOUD_SDK_SK"))
        XCTAssertEqual(settings.projectID?.value, "p123")
        XCTAssertEqual(settings.securityToken?.value.value, "temp-token")
        XCTAssertEqual(settings.authentication, .accessKey)
        XCTAssertEqual(settings.region.value, "cn-north-4")
        XCTAssertEqual(settings.endpoint.value.absoluteString, "https://ocr.cn-north-4.myhuaweicloud.com")
        XCTAssertEqual(settings.warnings, [])
    }

    func testAnOwnerOnlyConfigFileAndThePrecedence() throws {
        let file = try configFile("""
            # Quire's cloud settings
            ak = FILEAK
            sk = "file secret"
            project_id = from-file
            iam_user = someone   # ignored while AK/SK are set
            """, mode: 0o600)
        let settings = try CloudSettings.load(commandLine: ["project_id": "from-flag"],
                                              environment: ["HUAWEICLOUD_SDK_AK": "ENVAK"], configFile: file)
        XCTAssertEqual(settings.accessKey?.value, "ENVAK", "the environment comes before the file")
        XCTAssertEqual(settings.secretKey?.value.value, "file secret")
        XCTAssertEqual(settings.secretKey?.source, .configFile(file.path))
        XCTAssertEqual(settings.projectID?.value, "from-flag")
        XCTAssertEqual(settings.projectID?.source, .commandLine("--project-id"))
    }

    func testAConfigFileOthersCanReadIsRefused() throws {
        let file = try configFile("sk = secret\n", mode: 0o644)
        XCTAssertThrowsError(try CloudSettings.load(environment: [:], configFile: file)) { error in
            XCTAssertTrue("\(error)".contains("chmod 600"), "\(error)")
            XCTAssertFalse("\(error)".contains("secret\n"))
        }
        let groupWritable = try configFile("sk = secret\n", mode: 0o620)
        XCTAssertThrowsError(try CloudSettings.load(environment: [:], configFile: groupWritable))
    }

    func testBadConfigLinesAreNamed() throws {
        let file = try configFile("ak = x\nsecret_key = y\n", mode: 0o600)
        XCTAssertThrowsError(try CloudSettings.load(environment: [:], configFile: file)) { error in
            XCTAssertTrue("\(error)".contains("line 2: unknown key secret_key"), "\(error)")
        }
        XCTAssertThrowsError(try CloudSettings.load(environment: [:], configFile: folder.appendingPathComponent("missing.conf")))
    }

    func testARegionWithoutHandwritingWarns() throws {
        let settings = try CloudSettings.load(commandLine: ["region": "ap-southeast-1"], environment: ["HOME": folder.path])
        XCTAssertEqual(settings.endpoint.value.absoluteString, "https://ocr.ap-southeast-1.myhuaweicloud.com")
        XCTAssertEqual(settings.warnings, ["region ap-southeast-1 has OCR but not the handwriting API: handwriting is deployed in cn-north-4 only"])
        let custom = try CloudSettings.load(commandLine: ["region": "ap-southeast-1", "endpoint": "http://127.0.0.1:8080"], environment: ["HOME": folder.path])
        XCTAssertEqual(custom.warnings, [], "a compatible endpoint of one's own is not a Huawei region")
        XCTAssertThrowsError(try CloudSettings.load(commandLine: ["endpoint": "ftp://x"], environment: [:]))
    }

    /// Secrets print as set or not, never as themselves.
    func testTheReportNeverShowsASecret() throws {
        let settings = try CloudSettings.load(environment: [
            "HUAWEICLOUD_SDK_AK": "AKEXAMPLE", "HUAWEICLOUD_SDK_SK": "very-secret-key",
            "HUAWEICLOUD_SDK_SECURITY_TOKEN": "temp-token-value", "HOME": folder.path,
        ])
        let printed = settings.report.map { "\($0.name) \($0.value) \($0.source)" }.joined(separator: "\n")
            + "\(settings)" + String(reflecting: settings)
        XCTAssertFalse(printed.contains("very-secret-key"), printed)
        XCTAssertFalse(printed.contains("temp-token-value"), printed)
        XCTAssertTrue(printed.contains("secret key (set) environment HUAWEICLOUD_SDK_SK"), printed)
    }
}
