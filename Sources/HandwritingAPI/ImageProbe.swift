import Foundation

/// The image formats the contract accepts.
public enum ImageFormat: String, Sendable, CaseIterable {
    case jpeg, png, bmp, tiff
}

/// What the header of an image file says, read without decoding any pixels.
public struct ImageInfo: Equatable, Sendable {
    public var format: ImageFormat
    public var width: Int
    public var height: Int

    public init(format: ImageFormat, width: Int, height: Int) {
        self.format = format
        self.width = width
        self.height = height
    }
}

/// Reads an image file's format from its magic bytes and its size from its header.
/// PNG and JPEG are also walked chunk by chunk (no pixel is decoded) so that a
/// truncated file is refused here rather than half-decoded by an engine.
public enum ImageProbe {
    public enum Failure: Error, Equatable {
        case unknownFormat(String)
        case truncated(ImageFormat)
        case malformed(ImageFormat, String)
    }

    public static func probe(_ data: Data) -> Result<ImageInfo, Failure> {
        let bytes = [UInt8](data.prefix(1 << 16))  // headers live near the start
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return probePNG(data) }
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { return probeJPEG(data) }
        if bytes.starts(with: [0x42, 0x4D]) { return probeBMP(data) }
        if bytes.starts(with: [0x49, 0x49, 0x2A, 0x00]) { return probeTIFF(data, bigEndian: false) }
        if bytes.starts(with: [0x4D, 0x4D, 0x00, 0x2A]) { return probeTIFF(data, bigEndian: true) }
        return .failure(.unknownFormat(describeUnknown(bytes)))
    }

    private static func describeUnknown(_ bytes: [UInt8]) -> String {
        if bytes.isEmpty { return "the file is empty" }
        if bytes.starts(with: Array("GIF8".utf8)) { return "GIF is not accepted" }
        if bytes.starts(with: Array("%PDF".utf8)) { return "a PDF is a document: its pages are sent as images" }
        if bytes.count >= 12, bytes.starts(with: Array("RIFF".utf8)), Array(bytes[8..<12]) == Array("WEBP".utf8) {
            return "WebP is not accepted"
        }
        return "not JPEG, PNG, BMP or TIFF"
    }

    // MARK: PNG

    private static func probePNG(_ data: Data) -> Result<ImageInfo, Failure> {
        let reader = ByteReader(data)
        guard data.count >= 33 else { return .failure(.truncated(.png)) }
        guard reader.ascii(at: 12, count: 4) == "IHDR" else { return .failure(.malformed(.png, "no IHDR chunk")) }
        let width = Int(reader.uint32(at: 16, bigEndian: true))
        let height = Int(reader.uint32(at: 20, bigEndian: true))
        // Walk the chunks: each is length, type, data, CRC, and the last is IEND.
        var offset = 8
        while true {
            guard offset + 8 <= data.count else { return .failure(.truncated(.png)) }
            let length = Int(reader.uint32(at: offset, bigEndian: true))
            let type = reader.ascii(at: offset + 4, count: 4)
            let next = offset + 12 + length
            guard length < Int(Int32.max), next <= data.count else { return .failure(.truncated(.png)) }
            if type == "IEND" { break }
            offset = next
        }
        return .success(ImageInfo(format: .png, width: width, height: height))
    }

    // MARK: JPEG

    private static func probeJPEG(_ data: Data) -> Result<ImageInfo, Failure> {
        let reader = ByteReader(data)
        var size: (width: Int, height: Int)?
        var offset = 2
        // Marker segments up to each scan, then the entropy-coded data, until EOI.
        while offset < data.count {
            guard reader.byte(at: offset) == 0xFF else { return .failure(.malformed(.jpeg, "expected a marker")) }
            var markerAt = offset + 1
            while markerAt < data.count, reader.byte(at: markerAt) == 0xFF { markerAt += 1 }  // fill bytes
            guard markerAt < data.count else { break }
            let marker = reader.byte(at: markerAt)
            offset = markerAt + 1
            switch marker {
            case 0xD9:  // EOI
                guard let size else { return .failure(.malformed(.jpeg, "no frame header")) }
                return .success(ImageInfo(format: .jpeg, width: size.width, height: size.height))
            case 0x01, 0xD0...0xD7:  // standalone markers
                continue
            default:
                guard offset + 2 <= data.count else { return .failure(.truncated(.jpeg)) }
                let length = Int(reader.uint16(at: offset, bigEndian: true))
                guard length >= 2, offset + length <= data.count else { return .failure(.truncated(.jpeg)) }
                if [0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF].contains(marker) {
                    guard length >= 7 else { return .failure(.malformed(.jpeg, "short frame header")) }
                    size = (Int(reader.uint16(at: offset + 5, bigEndian: true)),
                            Int(reader.uint16(at: offset + 3, bigEndian: true)))
                }
                offset += length
                if marker == 0xDA {  // start of scan: skip entropy-coded bytes to the next real marker
                    guard let end = nextMarker(in: data, from: offset) else { return .failure(.truncated(.jpeg)) }
                    offset = end
                }
            }
        }
        return .failure(.truncated(.jpeg))
    }

    /// In entropy-coded data 0xFF is followed by 0x00 (a stuffed byte) or a restart
    /// marker; anything else is the next segment's marker.
    private static func nextMarker(in data: Data, from start: Int) -> Int? {
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> Int? in
            var i = start
            while i + 1 < raw.count {
                if raw[i] == 0xFF {
                    let next = raw[i + 1]
                    if next != 0x00, !(0xD0...0xD7).contains(next), next != 0xFF { return i }
                }
                i += 1
            }
            return nil
        }
    }

    // MARK: BMP

    private static func probeBMP(_ data: Data) -> Result<ImageInfo, Failure> {
        let reader = ByteReader(data)
        guard data.count >= 26 else { return .failure(.truncated(.bmp)) }
        let pixelOffset = Int(reader.uint32(at: 10, bigEndian: false))
        let headerSize = Int(reader.uint32(at: 14, bigEndian: false))
        let width: Int, height: Int
        if headerSize == 12 {
            width = Int(reader.uint16(at: 18, bigEndian: false))
            height = Int(reader.uint16(at: 20, bigEndian: false))
        } else if headerSize >= 40 {
            width = Int(Int32(bitPattern: reader.uint32(at: 18, bigEndian: false)))
            height = abs(Int(Int32(bitPattern: reader.uint32(at: 22, bigEndian: false))))  // negative: top-down
        } else {
            return .failure(.malformed(.bmp, "unknown header size \(headerSize)"))
        }
        guard pixelOffset > 14 + headerSize - 1, pixelOffset < data.count else { return .failure(.truncated(.bmp)) }
        return .success(ImageInfo(format: .bmp, width: width, height: height))
    }

    // MARK: TIFF

    private static func probeTIFF(_ data: Data, bigEndian: Bool) -> Result<ImageInfo, Failure> {
        let reader = ByteReader(data)
        guard data.count >= 8 else { return .failure(.truncated(.tiff)) }
        let ifd = Int(reader.uint32(at: 4, bigEndian: bigEndian))
        guard ifd >= 8, ifd + 2 <= data.count else { return .failure(.truncated(.tiff)) }
        let entries = Int(reader.uint16(at: ifd, bigEndian: bigEndian))
        guard ifd + 2 + entries * 12 <= data.count else { return .failure(.truncated(.tiff)) }
        var width: Int?, height: Int?
        for index in 0..<entries {
            let entry = ifd + 2 + index * 12
            let tag = reader.uint16(at: entry, bigEndian: bigEndian)
            let type = reader.uint16(at: entry + 2, bigEndian: bigEndian)
            let value: Int
            switch type {
            case 3: value = Int(reader.uint16(at: entry + 8, bigEndian: bigEndian))  // SHORT
            case 4: value = Int(reader.uint32(at: entry + 8, bigEndian: bigEndian))  // LONG
            default: continue
            }
            if tag == 256 { width = value }
            if tag == 257 { height = value }
        }
        guard let width, let height else { return .failure(.malformed(.tiff, "no image width or length")) }
        if case .failure(let failure) = tiffPageCount(data) { return .failure(failure) }
        return .success(ImageInfo(format: .tiff, width: width, height: height))
    }

    /// How many pages (image directories) a TIFF has, read without decoding: the
    /// directories are a chain, each naming the next, and a chain that comes back to
    /// a directory already read is a damaged file, refused before any decoder walks
    /// it for ever.
    public static func tiffPageCount(_ data: Data) -> Result<Int, Failure> {
        let head = [UInt8](data.prefix(4))
        guard head == [0x49, 0x49, 0x2A, 0x00] || head == [0x4D, 0x4D, 0x00, 0x2A], data.count >= 8 else {
            return .failure(.unknownFormat("not a TIFF"))
        }
        let bigEndian = head[0] == 0x4D
        let reader = ByteReader(data)
        var offset = Int(reader.uint32(at: 4, bigEndian: bigEndian))
        var seen = Set<Int>()
        while offset != 0 {
            guard offset + 2 <= data.count else { return seen.isEmpty ? .failure(.truncated(.tiff)) : .success(seen.count) }
            guard seen.insert(offset).inserted else { return .failure(.malformed(.tiff, "its list of pages loops back on itself")) }
            let entries = Int(reader.uint16(at: offset, bigEndian: bigEndian))
            let next = offset + 2 + entries * 12
            guard next + 4 <= data.count else { break }  // the last directory, cut short of its link: no more pages
            offset = Int(reader.uint32(at: next, bigEndian: bigEndian))
        }
        return .success(max(1, seen.count))
    }
}

/// Bounds-checked reads of integers from file bytes; callers check the length first.
private struct ByteReader {
    let data: Data
    init(_ data: Data) { self.data = data }

    func byte(at offset: Int) -> UInt8 { data[data.startIndex + offset] }

    func uint16(at offset: Int, bigEndian: Bool) -> UInt16 {
        let a = UInt16(byte(at: offset)), b = UInt16(byte(at: offset + 1))
        return bigEndian ? a << 8 | b : b << 8 | a
    }

    func uint32(at offset: Int, bigEndian: Bool) -> UInt32 {
        let high = UInt32(uint16(at: offset, bigEndian: bigEndian))
        let low = UInt32(uint16(at: offset + 2, bigEndian: bigEndian))
        return bigEndian ? high << 16 | low : low << 16 | high
    }

    func ascii(at offset: Int, count: Int) -> String {
        String(decoding: data[(data.startIndex + offset)..<(data.startIndex + offset + count)], as: UTF8.self)
    }
}
