import Foundation
import HandwritingAPI
import Testing
import TestSupport
import WorkbenchCore

/// The real `quire open` on a pseudo-terminal that says it is 200 x 50 cells of 8 x 20
/// pixels, told to draw sixel: the pictures it writes are cut out of what it sent,
/// decoded by libsixel, and compared with the handwriting on the page.
@Suite(.serialized) struct WorkbenchPicturesTests {
    private let page = "hw_en_para_a01-000u.jpg"

    /// A folder with a real handwritten page, read into its store; the boxes of its blocks.
    private func recognisedPage() throws -> (folder: URL, boxes: [Rect]) {
        let folder = try Fixtures.temporaryFolder()
        try Fixtures.evalImage(page).write(to: folder.appendingPathComponent(page))
        let outcome = try QuireBinary.run(["recognize", "--store", ".quire/quire.db", page], in: folder, environment: [:])
        #expect(outcome.status == 0, "\(outcome.errors)")
        let json = try #require(try JSONSerialization.jsonObject(with: outcome.stdout) as? [String: Any])
        let blocks = try #require((json["result"] as? [String: Any])?["words_block_list"] as? [[String: Any]])
        let boxes = blocks.compactMap { block -> Rect? in
            guard let points = block["location"] as? [[Int]] else { return nil }
            return Rect(x0: points.map { $0[0] }.min()!, y0: points.map { $0[1] }.min()!,
                        x1: points.map { $0[0] }.max()!, y1: points.map { $0[1] }.max()!)
        }
        try #require(boxes.count >= 2)
        return (folder, boxes)
    }

    @Test func theSelectedLineIsASixelAboveTheEditorAndTheNextBlockBringsTheNextLine() throws {
        let (folder, boxes) = try recognisedPage()
        defer { try? FileManager.default.removeItem(at: folder) }
        let terminal = try PseudoTerminal([QuireBinary.url.path, "open", "--threshold", "1"], in: folder, columns: 200, rows: 50,
                                          pixels: (1600, 1000), environment: ["QUIRE_GRAPHICS": "sixel", "TERM": "xterm-256color",
                                                                             "OMP_THREAD_LIMIT": "1"])
        let strip = BlocksPaneLayout(screenWidth: 200, height: 50, showsProgress: false, mode: .sixel).strip
        func stripPictures(_ bytes: [UInt8]) -> [Placement] {
            Placement.all(in: bytes).filter { $0.row == strip.y + 1 && $0.column == strip.x + 1 }
        }
        let first = try terminal.waitFor("the first block's line") { stripPictures($0).first }
        let firstScore = try psnr(sixel: first.sixel, against: boxes[0], folder: folder)
        #expect(firstScore.size.width >= 600, "the line is \(firstScore.size.width) pixels wide")
        #expect(firstScore.size.height <= strip.height * 20)
        #expect(firstScore.decibels >= 30, "PSNR \(firstScore.decibels) dB against the first block")

        terminal.send("\t")  // to the blocks
        terminal.send("j")
        let second = try terminal.waitFor("the second block's line") { stripPictures($0).dropFirst().first }
        let secondScore = try psnr(sixel: second.sixel, against: boxes[1], folder: folder)
        let againstFirst = try psnr(sixel: second.sixel, against: boxes[0], folder: folder)
        #expect(secondScore.decibels >= 30, "PSNR \(secondScore.decibels) dB against the second block")
        #expect(againstFirst.decibels < secondScore.decibels - 3, "the strip still shows the first line")
        terminal.send("q")
    }

    /// A sixel written at a cell: `ESC 7`, the cursor moved, the picture, `ESC 8`.
    struct Placement {
        var row: Int
        var column: Int
        var sixel: [UInt8]

        static func all(in bytes: [UInt8]) -> [Placement] {
            var found: [Placement] = []
            let text = String(decoding: bytes, as: UTF8.self)
            let pattern = /\x{1B}7\x{1B}\[(\d+);(\d+)H(\x{1B}Pq[^\x{1B}]*\x{1B}\\)\x{1B}8/
            for match in text.matches(of: pattern) {
                found.append(Placement(row: Int(match.1)!, column: Int(match.2)!, sixel: Array(match.3.utf8)))
            }
            return found
        }
    }

    /// The sixel decoded by libsixel against the block's box on the page (with the
    /// strip's margin of an eighth of its height) scaled by ImageMagick to the same size.
    private func psnr(sixel: [UInt8], against box: Rect, folder: URL) throws -> (decibels: Double, size: (width: Int, height: Int)) {
        let scratch = folder.appendingPathComponent("compare-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        try Data(sixel).write(to: scratch.appendingPathComponent("strip.six"))
        try tool(["sixel2png", "-i", "strip.six", "-o", "strip.png"], in: scratch)
        let size = try tool(["identify", "-format", "%w %h", "strip.png"], in: scratch).split(separator: " ").map { Int($0)! }
        let margin = max(2, box.height / 8)
        let crop = Rect(x0: max(0, box.x0 - margin), y0: max(0, box.y0 - margin), x1: box.x1 + margin, y1: box.y1 + margin)
        // The crop fills the width; paper pads its height to whole six-pixel bands.
        let height = Int((Double(crop.height) * Double(size[0]) / Double(crop.width)).rounded())
        #expect(height <= size[1] && height > size[1] - 6)
        try tool(["convert", folder.appendingPathComponent(page).path, "-crop", "\(crop.width)x\(crop.height)+\(crop.x0)+\(crop.y0)",
                  "+repage", "-resize", "\(size[0])x\(height)!", "-colorspace", "sRGB", "-type", "TrueColor", "expected.png"], in: scratch)
        try tool(["convert", "strip.png", "-crop", "\(size[0])x\(height)+0+0", "+repage", "shown.png"], in: scratch)
        // compare prints the metric on standard error and exits 1 when the pictures differ at all.
        let printed = try tool(["compare", "-metric", "PSNR", "shown.png", "expected.png", "null:"], in: scratch, errors: true, anyStatus: true)
        let decibels = Double(printed.split(separator: " ").first.map(String.init) ?? "") ?? (printed.contains("inf") ? 100 : 0)
        return (decibels, (size[0], size[1]))
    }

    @discardableResult
    private func tool(_ arguments: [String], in folder: URL, errors: Bool = false, anyStatus: Bool = false) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.currentDirectoryURL = folder
        let pipe = Pipe()
        if errors { process.standardError = pipe } else { process.standardOutput = pipe }
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        if !anyStatus, process.terminationStatus != 0 {
            throw PseudoTerminal.Failure(description: "\(arguments.joined(separator: " ")) failed: run scripts/setup")
        }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
