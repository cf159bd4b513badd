import Foundation
import HandwritingAPI
import Leptonica
import QuireText

/// One page of a document, as an image file's bytes ready to send to a recognizer.
public struct PageImage: Sendable {
    /// 1 for the first page.
    public var number: Int
    public var data: Data
}

/// Splits a file into the pages a recognizer reads one at a time: a multi-page
/// TIFF page by page, a PDF rendered by poppler's `pdftoppm`, any other image as
/// one page with its bytes unchanged (so the service's checks see the file as it is).
public enum DocumentPages {
    /// Resolution PDF pages are rendered at: enough for text of 8 pt and up.
    public static let pdfResolution = 300
    /// The most pages a TIFF may have: every page is decoded at once.
    public static let maxTIFFPages = 1000

    public static func pages(of data: Data) throws(ServiceError) -> [PageImage] {
        if data.starts(with: Array("%PDF-".utf8)) { return try pdfPages(data) }
        if data.starts(with: [0x49, 0x49, 0x2A, 0x00]) || data.starts(with: [0x4D, 0x4D, 0x00, 0x2A]) {
            let count: Int
            switch ImageProbe.tiffPageCount(data) {
            case .success(let found): count = found
            case .failure(.malformed(_, let why)): throw ServiceError.unsupportedFormat.explained("damaged TIFF file: \(why)")
            case .failure: throw ServiceError.unsupportedFormat.explained("truncated TIFF file")
            }
            guard count <= maxTIFFPages else {
                throw ServiceError.invalidParameter.explained("the TIFF has \(count) pages; at most \(maxTIFFPages) are read from one file")
            }
            if count > 1 {
                return try (0..<count).map { index throws(ServiceError) in
                    guard let png = Image.tiffPage(data, index: index)?.pngData() else {
                        throw ServiceError.poorImage.explained("page \(index + 1) of the TIFF could not be decoded")
                    }
                    return PageImage(number: index + 1, data: png)
                }
            }
        }
        return [PageImage(number: 1, data: data)]
    }

    public static func pages(ofFile path: String) throws(ServiceError) -> [PageImage] {
        let data: Data
        do {
            data = try FileNames.contents(of: path)
        } catch {
            throw ServiceError.invalidParameter.explained("cannot read the file: \(describe(error))")
        }
        return try pages(of: data)
    }

    private static func pdfPages(_ data: Data) throws(ServiceError) -> [PageImage] {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("quire-pdf-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let input = folder.appendingPathComponent("document.pdf")
            try data.write(to: input)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["pdftoppm", "-r", String(pdfResolution), "-gray", "-png", input.path,
                                 folder.appendingPathComponent("page").path]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else {
                throw ServiceError.unsupportedFormat.explained(
                    process.terminationStatus == 127
                        ? "reading PDF needs poppler's pdftoppm: run scripts/setup"
                        : "pdftoppm could not render this PDF")
            }
            // pdftoppm names pages page-1.png or page-01.png…, padded to the page count's width.
            let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
                .filter { $0.hasPrefix("page-") && $0.hasSuffix(".png") }
                .sorted { $0.count != $1.count ? $0.count < $1.count : $0 < $1 }
            guard !files.isEmpty else { throw ServiceError.poorImage.explained("the PDF has no pages") }
            return try files.enumerated().map { index, name in
                PageImage(number: index + 1, data: try Data(contentsOf: folder.appendingPathComponent(name)))
            }
        } catch let error as ServiceError {
            throw error
        } catch {
            throw ServiceError.recognitionFailed.explained("rendering the PDF failed: \(describe(error))")
        }
    }

    private static func describe(_ error: any Error) -> String {
        (error as NSError).localizedDescription
    }
}

extension DocumentPages {
    /// How many pages a file has, without decoding any: a TIFF's image directories are
    /// counted, a PDF's pages come from poppler's `pdfinfo`; anything else has one.
    public static func pageCount(of data: Data) -> Int {
        if data.starts(with: Array("%PDF-".utf8)) { return pdfPageCount(data) ?? 1 }
        if case .success(let count) = ImageProbe.tiffPageCount(data) { return count }
        return 1
    }

    static func pdfPageCount(_ data: Data) -> Int? {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("quire-\(UUID().uuidString).pdf")
        defer { try? FileManager.default.removeItem(at: file) }
        guard (try? data.write(to: file)) != nil else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["pdfinfo", file.path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return text.split(separator: "\n").first { $0.hasPrefix("Pages:") }
            .flatMap { Int($0.dropFirst("Pages:".count).trimmingCharacters(in: .whitespaces)) }
    }
}
