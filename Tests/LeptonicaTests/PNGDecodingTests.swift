import CTesseract
import Foundation
import Leptonica
import TestSupport
import XCTest

/// PNGs decoded a row at a time give the image leptonica's own reader gives: the same
/// depth, samples, resolution and every word of pixel data, for each kind of PNG.
final class PNGDecodingTests: XCTestCase {
    /// ImageMagick's ways of writing a page as PNG: grey, grey with alpha, RGB and RGBA,
    /// 8 and 16 bits, with a resolution; a palette and an interlaced file (left to leptonica).
    private let kinds: [(name: String, arguments: [String])] = [
        ("grey8", ["-colorspace", "Gray", "-depth", "8", "-define", "png:color-type=0", "PNG:"]),
        ("grey16", ["-colorspace", "Gray", "-depth", "16", "-define", "png:color-type=0", "PNG:"]),
        ("grey-alpha8", ["-colorspace", "Gray", "-alpha", "set", "-channel", "A", "-fx", "i/w", "+channel", "-depth", "8",
                         "-define", "png:color-type=4", "PNG:"]),
        ("rgb8", ["-density", "300", "-units", "PixelsPerInch", "PNG24:"]),
        ("rgb16", ["-depth", "16", "PNG48:"]),
        ("rgba8", ["-alpha", "set", "-channel", "A", "-fx", "j/h", "+channel", "PNG32:"]),
        ("rgba16", ["-alpha", "set", "-depth", "16", "PNG64:"]),
        ("palette", ["-colors", "16", "PNG8:"]),
        ("interlaced", ["-interlace", "PNG", "PNG24:"]),
    ]

    func testEveryKindOfPNGDecodesToLeptonicasPixels() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // A colour page, cut to an odd width so that rows end inside a word.
        let source = folder.appendingPathComponent("source.png")
        try Fixtures.sample("en_page_tilted.png").write(to: source)
        for kind in kinds {
            let file = folder.appendingPathComponent("\(kind.name).png")
            var arguments = ["convert", source.path, "-crop", "401x203+37+41", "+repage"] + kind.arguments
            arguments[arguments.count - 1] += file.path
            try Spawn.run(arguments)
            let data = try Data(contentsOf: file)
            let ours = try XCTUnwrap(Image(decoding: data), kind.name)
            let theirs = try XCTUnwrap(data.withUnsafeBytes { pixReadMem($0.bindMemory(to: UInt8.self).baseAddress, $0.count) }, kind.name)
            defer {
                var owned: UnsafeMutablePointer<PIX>? = theirs
                pixDestroy(&owned)
            }
            XCTAssertEqual(pixGetDepth(ours.pix), pixGetDepth(theirs), kind.name)
            XCTAssertEqual(pixGetSpp(ours.pix), pixGetSpp(theirs), kind.name)
            XCTAssertEqual(pixGetXRes(ours.pix), pixGetXRes(theirs), kind.name)
            XCTAssertEqual(pixGetYRes(ours.pix), pixGetYRes(theirs), kind.name)
            XCTAssertEqual(pixGetWidth(ours.pix), 401, kind.name)
            let words = Int(pixGetWpl(theirs)) * Int(pixGetHeight(theirs))
            XCTAssertEqual(Int(pixGetWpl(ours.pix)) * Int(pixGetHeight(ours.pix)), words, kind.name)
            let same = memcmp(pixGetData(ours.pix), pixGetData(theirs), words * 4) == 0
            XCTAssertTrue(same, "\(kind.name): the pixels differ from leptonica's")
        }
        XCTAssertEqual(pixGetXRes(try XCTUnwrap(Image(decoding: Data(contentsOf: folder.appendingPathComponent("rgb8.png")))).pix), 300)
    }

    /// A damaged PNG is refused (nil), not half decoded, whichever reader it reaches.
    func testATruncatedPNGIsRefused() throws {
        let data = try Fixtures.sample("en_line_1.png")
        XCTAssertNotNil(Image(decoding: data))
        XCTAssertNil(Image(decoding: data.prefix(data.count / 2)))
        XCTAssertNil(Image(decoding: data.prefix(40)))
    }

    /// Issue 14: an 8192 x 8192 RGBA16 PNG of 0.9 MB took twice its decoded size while it
    /// was decoded (libpng's copy of the whole image, then leptonica's). Row by row, the
    /// peak is the image itself: at most half as much again over its 256 MiB of pixels.
    func testALargePNGCostsItsPixelsWhileDecoded() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("large.png")
        // Written by Python's zlib: a white page with a black band, 16 bits a sample.
        let script = """
            import struct, sys, zlib
            side = 8192
            def chunk(kind, data):
                return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
            white, black = b"\\xff" * 8 * side, (b"\\x00" * 6 + b"\\xff" * 2) * side
            packer = zlib.compressobj(1)
            rows = b"".join(packer.compress(b"\\x00" + (black if 3000 <= y < 3100 else white)) for y in range(side)) + packer.flush()
            header = struct.pack(">IIBBBBB", side, side, 16, 6, 0, 0, 0)
            open(sys.argv[1], "wb").write(b"\\x89PNG\\r\\n\\x1a\\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b""))
            """
        try Spawn.run(["python3", "-c", script, file.path])
        let data = try Data(contentsOf: file)
        let pixels = 8192 * 8192 * 4
        // The peak resident size is reset (Linux's clear_refs 5), so it is this decoding's.
        try Data("5".utf8).write(to: URL(fileURLWithPath: "/proc/self/clear_refs"))
        let before = Self.residentKiB("VmHWM")
        let image = try XCTUnwrap(Image(decoding: data))
        let peak = Self.residentKiB("VmHWM") - before
        XCTAssertEqual(image.width, 8192)
        XCTAssertGreaterThanOrEqual(peak * 1024, pixels / 2, "the measure sees the image at all")
        XCTAssertLessThan(peak * 1024, pixels * 3 / 2, "decoding took \(peak / 1024) MiB for \(pixels >> 20) MiB of pixels")
    }

    /// A line of /proc/self/status, in KiB.
    private static func residentKiB(_ field: String) -> Int {
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix(field + ":") } ?? ""
        return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
    }
}
