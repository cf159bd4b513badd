import Foundation
import QuireText
import XCTest

/// File names that are not UTF-8 survive as paths, reach the file system as their own
/// bytes, and reach a terminal escaped.
final class FileNamesTests: XCTestCase {
    func testUTF8NamesAreThemselves() {
        for name in ["page.png", "大江东去.tif", "Ünïcödé 𝔘.pdf", ""] {
            XCTAssertEqual(FileNames.decode(Array(name.utf8)), name)
            XCTAssertEqual(FileNames.bytes(name), Array(name.utf8))
        }
    }

    func testAnyBytesComeBackExactly() {
        var generator = SystemRandomNumberGenerator()
        // Latin-1, a cut sequence, an overlong form, a surrogate, past U+10FFFF, and a
        // real character of the escape block itself.
        var samples: [[UInt8]] = [
            Array("bad".utf8) + [0xFF] + Array(".png".utf8), [0x72, 0x6F, 0x74, 0xE9], [0xE5, 0xA4], [0xC0, 0xAF],
            [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], Array("\u{10FCFF}x".utf8),
        ]
        for _ in 0..<2000 { samples.append((0..<Int.random(in: 0...12, using: &generator)).map { _ in UInt8.random(in: 1...255, using: &generator) }) }
        for bytes in samples {
            let name = FileNames.decode(bytes)
            XCTAssertEqual(FileNames.bytes(name), bytes, "\(bytes)")
            if let valid = String(validating: bytes, as: UTF8.self), !valid.unicodeScalars.contains(where: { FileNames.escapedByte($0) != nil }) {
                XCTAssertEqual(name, valid, "valid UTF-8 is left as it is")
            }
        }
    }

    func testAFileWithSuchANameIsListedReadAndTested() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("quire-names-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let name = FileNames.decode(Array("bad".utf8) + [0xFF] + Array(".png".utf8))
        let path = folder.path + "/" + name
        let descriptor = FileNames.withCString(path) { open($0, O_WRONLY | O_CREAT, 0o644) }
        XCTAssertGreaterThanOrEqual(descriptor, 0)
        _ = write(descriptor, "pixels", 6)
        close(descriptor)

        XCTAssertEqual(try FileNames.names(in: folder.path), [name])
        XCTAssertEqual(try FileNames.contents(of: path), Data("pixels".utf8))
        XCTAssertEqual(FileNames.status(path)?.st_size, 6)
        XCTAssertFalse(FileNames.isFolder(path))
        XCTAssertTrue(FileNames.isFolder(folder.path))
        // Foundation repairs the byte into U+FFFD: the file is not found that way.
        XCTAssertNil(FileManager.default.contents(atPath: path))
        XCTAssertThrowsError(try FileNames.contents(of: folder.path + "/bad.png")) { error in
            XCTAssertEqual(String(describing: error), "No such file or directory")
        }
    }

    func testATerminalSeesTheByteEscapedAndJSONStaysJSON() throws {
        let name = FileNames.decode(Array("rot".utf8) + [0xE9] + Array(".png".utf8))
        XCTAssertEqual(TerminalEscaping.escape(name), "rot\\xe9.png")
        let json = TerminalEscaping.escapeJSON(#"{"file": "\#(name)"}"#)
        XCTAssertEqual(json, #"{"file": "rot\udbff\udce9.png"}"#)
        let parsed = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: String]
        XCTAssertEqual(parsed?["file"].map(FileNames.bytes), Array("rot".utf8) + [0xE9] + Array(".png".utf8))
    }
}
