import Foundation
import Leptonica
import Testing
import TestSupport
import WorkbenchCore
@testable import TerminalPictures

/// The encoders against real decoders: a sixel of a real handwritten line decoded by
/// libsixel, kitty's chunks decoded back, half blocks and braille cell by cell.
@Suite struct PictureEncodingTests {
    /// A line lettered by hand (a sample), with a red outline drawn on it so that the
    /// palette has a colour to keep besides the greys.
    private func handwriting() throws -> Raster {
        let data = try Fixtures.sample("en_line_1.jpg")
        let image = try #require(Image(decoding: data))
        let rgb = try #require(image.rgbPixels(scaleX: 0.5, scaleY: 0.5))
        var raster = Raster(width: rgb.width, height: rgb.height, pixels: rgb.pixels)
        raster.outline([(2, 2), (Double(rgb.width - 3), 2), (Double(rgb.width - 3), Double(rgb.height - 3)), (2, Double(rgb.height - 3))],
                       colour: RGB(235, 30, 30), thickness: 2)
        return raster
    }

    @Test func aSixelOfHandwritingDecodesToThePictureWithin30dB() throws {
        let raster = try handwriting()
        let sixel = Sixel.encode(raster)
        #expect(sixel.starts(with: Array("\u{1B}Pq\"1;1;\(raster.width);\(raster.height)".utf8)))
        #expect(sixel.suffix(2) == [0x1B, UInt8(ascii: "\\")])
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("line.six"), output = folder.appendingPathComponent("line.png")
        try Data(sixel).write(to: input)
        try run("sixel2png", "-i", input.path, "-o", output.path)
        let decoded = try #require(Image(decoding: Data(contentsOf: output))?.rgbPixels())
        #expect(decoded.width == raster.width && decoded.height == raster.height)
        let psnr = peakSignalToNoise(raster.pixels, decoded.pixels)
        #expect(psnr >= 30, "PSNR \(psnr) dB")
    }

    @Test func kittyChunksCarryAPNGOfThePixelsAndAskForNoAnswer() throws {
        let raster = try handwriting()
        let png = try #require(Image(rgb: raster.pixels, width: raster.width, height: raster.height)?.pngData())
        let text = String(decoding: KittyImage.encode(png: png, id: 2), as: UTF8.self)
        let chunks = text.components(separatedBy: "\u{1B}\\").filter { !$0.isEmpty }
        #expect(chunks.count > 1)
        #expect(chunks[0].hasPrefix("\u{1B}_Ga=T,f=100,i=2,q=2,C=1,m=1;"))
        #expect(chunks.last!.hasPrefix("\u{1B}_Gm=0;"))
        let payload = chunks.map { String($0[$0.index(after: $0.firstIndex(of: ";")!)...]) }
        #expect(payload.allSatisfy { $0.count <= 4096 })
        let decoded = try #require(Data(base64Encoded: payload.joined()).flatMap { Image(decoding: $0) }?.rgbPixels())
        #expect(decoded.width == raster.width && decoded.height == raster.height && decoded.pixels == raster.pixels)
    }

    @Test func iTerm2GetsAPNGSizedInPixelsThatLeavesTheCursorAlone() throws {
        let raster = try handwriting()
        let png = try #require(Image(rgb: raster.pixels, width: raster.width, height: raster.height)?.pngData())
        let text = String(decoding: ITermImage.encode(png: png, width: raster.width, height: raster.height), as: UTF8.self)
        let header = "\u{1B}]1337;File=inline=1;size=\(png.count);width=\(raster.width)px;height=\(raster.height)px;"
            + "preserveAspectRatio=0;doNotMoveCursor=1:"
        #expect(text.hasPrefix(header) && text.hasSuffix("\u{07}"))
        #expect(Data(base64Encoded: String(text.dropFirst(header.count).dropLast())) == png)
    }

    @Test func halfBlocksTakeTheTopPixelAsForegroundAndTheBottomAsBackground() {
        var raster = Raster(width: 2, height: 2)
        raster.set(0, 0, .black)
        raster.set(1, 1, RGB(255, 0, 0))
        let cells = CharacterPictures.halfBlocks(raster)
        #expect(cells.count == 2)
        #expect(cells.allSatisfy { $0.character == "▀" })
        #expect(cells[0].style.foreground == .indexed(16) && cells[0].style.background == .indexed(231))
        #expect(cells[1].style.foreground == .indexed(231) && cells[1].style.background == .indexed(196))
    }

    @Test func xtermColoursPickTheNearestCubeColourOrGrey() {
        #expect(XtermColours.nearest(RGB(128, 128, 128)) == 244)
        #expect(XtermColours.nearest(RGB(0, 0, 255)) == 21)
        #expect(XtermColours.nearest(RGB(238, 238, 238)) == 255)
    }

    @Test func brailleMarksInkDots() {
        var raster = Raster(width: 4, height: 4)
        for y in 0..<4 { raster.set(0, y, .black) }  // the left column of the first cell
        let cells = CharacterPictures.braille(raster, ink: .plain)
        #expect(cells.map(\.character) == ["⡇", " "])
    }

    @Test func contrastIsStretchedToBlackAndWhite() {
        var raster = Raster(width: 10, height: 10, filled: RGB(200, 200, 200))
        for x in 0..<10 { raster.set(x, 5, RGB(150, 150, 150)) }
        raster.stretchContrast()
        #expect(raster[0, 0] == .white)
        #expect(raster[0, 5] == .black)
    }

    private func peakSignalToNoise(_ a: [UInt8], _ b: [UInt8]) -> Double {
        let squared = zip(a, b).reduce(0.0) { sum, pair in
            let difference = Double(pair.0) - Double(pair.1)
            return sum + difference * difference
        }
        let mean = squared / Double(max(1, a.count))
        return mean == 0 ? 100 : 10 * log10(255 * 255 / mean)
    }

    private func run(_ arguments: String...) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(arguments.joined(separator: " ")) failed: run scripts/setup")
    }
}
