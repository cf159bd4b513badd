import Foundation
import Leptonica

/// Real image files of any size, encoded by leptonica, for tests of probing and validation.
public enum TestImages {
    /// Leptonica's format numbers (imageio.h).
    public enum Format: Int32 {
        case bmp = 1, jpeg = 2, png = 3, tiff = 4
    }

    public static func file(_ format: Format, width: Int, height: Int) -> Data {
        guard let image = Image(width: width, height: height, grey: 200),
              let data = format == .png ? image.pngData() : image.encoded(format: format.rawValue)
        else { fatalError("leptonica could not make a \(width)x\(height) \(format)") }
        return data
    }

    /// A little-endian TIFF damaged as a probe found it: its last page's link to the
    /// next page points back at its first, so its list of pages never ends.
    public static func tiffWithLoopingPages(_ tiff: Data) -> Data {
        var bytes = [UInt8](tiff)
        func uint(_ offset: Int, _ size: Int) -> Int { (0..<size).reduce(0) { $0 | Int(bytes[offset + $1]) << (8 * $1) } }
        let first = uint(4, 4)
        var directory = first
        while true {
            let link = directory + 2 + uint(directory, 2) * 12
            let next = uint(link, 4)
            guard next != 0 else {
                for index in 0..<4 { bytes[link + index] = UInt8(first >> (8 * index) & 0xFF) }
                return Data(bytes)
            }
            directory = next
        }
    }

    /// A minimal big-endian ("MM") TIFF of one white 8-bit strip: leptonica writes only little-endian.
    public static func bigEndianTIFF(width: Int, height: Int) -> Data {
        var bytes: [UInt8] = [0x4D, 0x4D, 0x00, 0x2A, 0, 0, 0, 8]
        func short(_ value: Int) { bytes += [UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)] }
        func long(_ value: Int) { bytes += [UInt8(value >> 24 & 0xFF), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)] }
        let entries: [(tag: Int, type: Int, value: Int)] = [
            (256, 4, width), (257, 4, height), (258, 3, 8), (259, 3, 1), (262, 3, 1),
            (273, 4, 8 + 2 + 8 * 12 + 4), (277, 3, 1), (279, 4, width * height),
        ]
        short(entries.count)
        for entry in entries {
            short(entry.tag); short(entry.type); long(1)
            if entry.type == 3 { short(entry.value); short(0) } else { long(entry.value) }
        }
        long(0)
        bytes += [UInt8](repeating: 0xFF, count: width * height)
        return Data(bytes)
    }

    /// A PNG whose chunks are whole but whose pixel data is garbage: the header passes,
    /// decoding fails (a sample line with its first 200 bytes of image data overwritten).
    public static func pngWithDamagedPixels() throws -> Data {
        var png = [UInt8](try Fixtures.sample("en_line_1.png"))
        guard let idat = (0..<(png.count - 4)).first(where: { Array(png[$0..<($0 + 4)]) == Array("IDAT".utf8) }) else {
            throw Fixtures.Missing(description: "no IDAT chunk")
        }
        for index in (idat + 4)..<min(idat + 4 + 200, png.count - 12) { png[index] = UInt8(truncatingIfNeeded: index &* 31) }
        return Data(png)
    }
}
