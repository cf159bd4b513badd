import TranscriptStore
import XCTest

/// `--store` and `QUIRE_STORE`: a path, or a PostgreSQL URL; the password never shown.
final class StoreLocationTests: XCTestCase {
    func testPathsAreFiles() throws {
        for path in [".quire/quire.db", "/srv/archive/quire.db", "postgres:", "my store.db", "a:b.db"] {
            XCTAssertEqual(try StoreLocation(path), .file(path))
        }
    }

    func testAPostgresURLIsReadAndShownWithoutItsPassword() throws {
        guard case .postgres(let address) = try StoreLocation("postgres://ann:s%40cret@db.example.org:6543/archive?sslmode=require") else {
            return XCTFail("not PostgreSQL")
        }
        XCTAssertEqual(address.user, "ann")
        XCTAssertEqual(address.password, "s@cret")
        XCTAssertEqual(address.host, "db.example.org")
        XCTAssertEqual(address.port, 6543)
        XCTAssertEqual(address.database, "archive")
        XCTAssertEqual(address.sslMode, "require")
        XCTAssertEqual(address.description, "postgres://ann:***@db.example.org:6543/archive?sslmode=require")
        XCTAssertEqual(try StoreLocation("postgresql://bob@localhost/team").description, "postgres://bob@localhost:5432/team")
    }

    func testOtherSchemesAndBrokenURLsAreRefusedWithoutThePassword() {
        let refused = [
            ("mysql://ann:hunter2@host/db", "mysql:// is not a store"),
            ("https://example.org/quire.db", "https:// is not a store"),
            ("postgres://ann:hunter2@/db", "no host"),
            ("postgres://ann:hunter2@host", "no database"),
            ("postgres://host/db", "no user"),
            ("postgres://ann:hunter2@host:70000/db", "the port must be 1 to 65535"),
            ("postgres://ann:hunter2@host/db?sslmode=maybe", "sslmode must be"),
            ("postgres://ann:hunter2@host/db?timeout=3", "timeout is not an option"),
        ]
        for (text, why) in refused {
            XCTAssertThrowsError(try StoreLocation(text), text) { error in
                let said = String(describing: error)
                XCTAssertTrue(said.contains(why), "\(text): \(said)")
                XCTAssertFalse(said.contains("hunter2"), "\(text): \(said)")
            }
        }
    }
}
