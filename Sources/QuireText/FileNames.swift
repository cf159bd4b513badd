import Foundation

/// File names are bytes on Linux, and not every name is UTF-8 (`bad\xff.png`, names
/// from old Latin-1 or Shift-JIS systems). Swift's `String`, and every Foundation call
/// that takes a path, repair such bytes into U+FFFD and so lose the file. Quire keeps
/// paths as `String`s all the same, in which each byte that is not part of valid
/// UTF-8 stands for itself as one scalar of a private-use block (U+10FC80 to
/// U+10FCFF), as Python's `surrogateescape` does; a path goes back to its bytes
/// whenever it meets the file system. Paths from the command line and from directory
/// listings are decoded here; files named by such paths are read, listed and tested
/// here; `TerminalEscaping` shows such a byte as `\xff`.
public enum FileNames {
    /// The scalar that stands for an undecodable byte 0x80...0xFF is `escapeBase + byte`.
    static let escapeBase: UInt32 = 0x10FC00
    static let escapes: ClosedRange<UInt32> = 0x10FC80...0x10FCFF

    /// The byte a scalar stands for, if it is one of the escapes.
    public static func escapedByte(_ scalar: Unicode.Scalar) -> UInt8? {
        escapes.contains(scalar.value) ? UInt8(scalar.value - escapeBase) : nil
    }

    /// Bytes as a path: valid UTF-8 as itself, every other byte as its escape. A
    /// scalar of the escape block that really is in the name is escaped byte by byte,
    /// so that any bytes come back exactly.
    public static func decode(_ bytes: some Collection<UInt8>) -> String {
        let bytes = Array(bytes)
        if let plain = String(validating: bytes, as: UTF8.self), !hasEscapes(plain) {
            return plain
        }
        var scalars = String.UnicodeScalarView()
        var index = 0
        while index < bytes.count {
            let length = validSequenceLength(bytes, at: index)
            if length > 0, let scalar = String(validating: bytes[index..<index + length], as: UTF8.self)?.unicodeScalars.first,
               !escapes.contains(scalar.value) {
                scalars.append(scalar)
                index += length
            } else {
                scalars.append(Unicode.Scalar(escapeBase + UInt32(bytes[index]))!)
                index += 1
            }
        }
        return String(scalars)
    }

    /// Whether the path has a byte that is not UTF-8 in it.
    public static func hasEscapes(_ path: String) -> Bool {
        path.unicodeScalars.contains { escapes.contains($0.value) }
    }

    /// A path's bytes, as the file system knows it.
    public static func bytes(_ path: String) -> [UInt8] {
        guard hasEscapes(path) else { return Array(path.utf8) }
        var bytes: [UInt8] = []
        for scalar in path.unicodeScalars {
            if let byte = escapedByte(scalar) { bytes.append(byte) } else { bytes += Array(String(scalar).utf8) }
        }
        return bytes
    }

    /// Runs `body` with the path as the C string a system call takes.
    public static func withCString<R>(_ path: String, _ body: (UnsafePointer<CChar>) throws -> R) rethrows -> R {
        try (bytes(path).map { CChar(bitPattern: $0) } + [0]).withUnsafeBufferPointer { try body($0.baseAddress!) }
    }

    /// The program's arguments as paths (a file named on the command line is found again).
    public static func arguments() -> [String] {
        (0..<Int(CommandLine.argc)).map { index in
            guard let argument = CommandLine.unsafeArgv[index] else { return "" }
            return decode(UnsafeBufferPointer(start: UnsafeRawPointer(argument).assumingMemoryBound(to: UInt8.self), count: strlen(argument)))
        }
    }

    /// The names in a folder, "." and ".." left out.
    public static func names(in folder: String) throws -> [String] {
        guard let directory = withCString(folder, { opendir($0) }) else { throw Failure(code: errno, path: folder) }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                decode(raw.prefix { $0 != 0 })
            }
            if name != ".", name != ".." { names.append(name) }
        }
        return names
    }

    /// Whether the path is a folder (following links).
    public static func isFolder(_ path: String) -> Bool {
        guard let info = status(path) else { return false }
        return info.st_mode & S_IFMT == S_IFDIR
    }

    /// The file's status (following links), or nil where there is none.
    public static func status(_ path: String) -> stat? {
        var info = stat()
        return withCString(path, { stat($0, &info) }) == 0 ? info : nil
    }

    /// A file's bytes, mapped rather than copied (as `Data`'s `.mappedIfSafe` does):
    /// a 300 MB TIFF costs no memory until its pages are read.
    public static func contents(of path: String) throws -> Data {
        let descriptor = withCString(path) { open($0, O_RDONLY | O_CLOEXEC) }
        guard descriptor >= 0 else { throw Failure(code: errno, path: path) }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw Failure(code: errno, path: path) }
        guard info.st_mode & S_IFMT != S_IFDIR else { throw Failure(code: EISDIR, path: path) }
        let size = Int(info.st_size)
        if info.st_mode & S_IFMT == S_IFREG, size > 0,
           let mapped = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0), mapped != MAP_FAILED {
            return Data(bytesNoCopy: mapped, count: size, deallocator: .custom { pointer, count in munmap(pointer, count) })
        }
        // Not a regular file (a pipe, /dev/stdin) or empty: read to the end.
        var data = Data()
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = read(descriptor, &chunk, chunk.count)
            if count < 0, errno == EINTR { continue }
            guard count >= 0 else { throw Failure(code: errno, path: path) }
            if count == 0 { return data }
            data.append(contentsOf: chunk[0..<count])
        }
    }

    /// A file system error, said as the system says it.
    public struct Failure: Error, CustomStringConvertible {
        public let code: Int32
        public let path: String
        public var description: String { String(cString: strerror(code)) }
    }

    /// How many bytes the well-formed UTF-8 sequence at `index` has (RFC 3629: no overlong
    /// forms, no surrogates, nothing past U+10FFFF); 0 where none starts there.
    private static func validSequenceLength(_ bytes: [UInt8], at index: Int) -> Int {
        let first = bytes[index]
        let length: Int, second: ClosedRange<UInt8>
        switch first {
        case 0x00...0x7F: return 1
        case 0xC2...0xDF: (length, second) = (2, 0x80...0xBF)
        case 0xE0: (length, second) = (3, 0xA0...0xBF)
        case 0xE1...0xEC, 0xEE...0xEF: (length, second) = (3, 0x80...0xBF)
        case 0xED: (length, second) = (3, 0x80...0x9F)
        case 0xF0: (length, second) = (4, 0x90...0xBF)
        case 0xF1...0xF3: (length, second) = (4, 0x80...0xBF)
        case 0xF4: (length, second) = (4, 0x80...0x8F)
        default: return 0
        }
        guard index + length <= bytes.count, second.contains(bytes[index + 1]) else { return 0 }
        for offset in 2..<max(2, length) where !(0x80...0xBF).contains(bytes[index + offset]) { return 0 }
        return length
    }
}
