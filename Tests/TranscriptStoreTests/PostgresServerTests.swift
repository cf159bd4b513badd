import Foundation
import TestSupport
import XCTest

/// The PostgreSQL server the shared store's tests will run against (issue 15): started by
/// the tests themselves, with password authentication and the trigram index search needs.
final class PostgresServerTests: XCTestCase {
    func testATestsOwnServerStartsWithTrigramsAndRefusesAWrongPassword() throws {
        let server = try PostgresServer()
        try server.psql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        XCTAssertEqual(try server.psql("SELECT similarity('明月光', '明月')::numeric(3,2) > 0"), "t")
        XCTAssertEqual(try server.psql("SELECT pg_encoding_to_char(encoding) FROM pg_database WHERE datname = 'quire'"), "UTF8")
        var environment = ProcessInfo.processInfo.environment
        environment["PGPASSWORD"] = "not-the-password"
        XCTAssertThrowsError(try Spawn.run(["psql", "-h", "127.0.0.1", "-p", String(server.port), "-U", server.user, "-d", server.database,
                                            "-c", "SELECT 1"], environment: environment, timeout: 30))
    }
}
