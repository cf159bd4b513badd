import CTesseract
import Foundation
import QuireText

/// A decoded image in leptonica, owned by this object and destroyed with it.
/// Not thread-safe: each worker keeps its own images.
public final class Image {
    /// The underlying `PIX *`, for handing to Tesseract.
    public let pix: UnsafeMutablePointer<PIX>

    /// Takes ownership of a pix leptonica returned.
    init?(taking pix: UnsafeMutablePointer<PIX>?) {
        guard let pix else { return nil }
        self.pix = pix
    }

    deinit {
        var owned: UnsafeMutablePointer<PIX>? = pix
        pixDestroy(&owned)
    }

    /// Decodes JPEG, PNG, BMP or TIFF (the first page); nil when leptonica cannot.
    public convenience init?(decoding data: Data) {
        Leptonica.silence()
        if let pix = PNGDecoding.pix(data) {
            self.init(taking: pix)
            return
        }
        // libpng, libjpeg and libtiff print their complaints about damaged files to stderr.
        let pix = QuietStderr.run {
            data.withUnsafeBytes { raw -> UnsafeMutablePointer<PIX>? in
                guard let base = raw.bindMemory(to: UInt8.self).baseAddress else { return nil }
                return pixReadMem(base, raw.count)
            }
        }
        self.init(taking: pix)
    }

    /// A blank 8-bit grey image, white unless told otherwise.
    public convenience init?(width: Int, height: Int, grey: UInt8 = 255) {
        Leptonica.silence()
        guard let pix = pixCreate(Int32(width), Int32(height), 8) else { return nil }
        pixSetAllArbitrary(pix, UInt32(grey))
        self.init(taking: pix)
    }

    /// An image of red, green and blue bytes a pixel, row by row (to encode as PNG).
    public convenience init?(rgb pixels: [UInt8], width: Int, height: Int) {
        Leptonica.silence()
        guard pixels.count == width * height * 3, let pix = pixCreate(Int32(width), Int32(height), 32), let data = pixGetData(pix) else {
            return nil
        }
        let wordsPerLine = Int(pixGetWpl(pix))
        for y in 0..<height {
            for x in 0..<width {
                let at = (y * width + x) * 3
                // A 32-bit pixel is 0xRRGGBBAA.
                data[y * wordsPerLine + x] = UInt32(pixels[at]) << 24 | UInt32(pixels[at + 1]) << 16 | UInt32(pixels[at + 2]) << 8 | 0xFF
            }
        }
        self.init(taking: pix)
    }

    /// One page of a TIFF file (0 for the first), decoded; nil when it cannot be. The
    /// caller knows how many pages there are (`ImageProbe.tiffPageCount`), so that no
    /// decoder walks a damaged file's pages for ever.
    public static func tiffPage(_ data: Data, index: Int) -> Image? {
        Leptonica.silence()
        let pix = QuietStderr.run {
            data.withUnsafeBytes { raw -> UnsafeMutablePointer<PIX>? in
                guard let base = raw.bindMemory(to: UInt8.self).baseAddress else { return nil }
                return pixReadMemTiff(base, raw.count, Int32(index))
            }
        }
        return Image(taking: pix)
    }

    public var width: Int { Int(pixGetWidth(pix)) }
    public var height: Int { Int(pixGetHeight(pix)) }

    /// Turned clockwise by `quarterTurns` quarter turns.
    public func turned(quarterTurns: Int) -> Image? {
        let quads = ((quarterTurns % 4) + 4) % 4
        return Image(taking: pixRotateOrth(pix, Int32(quads)))
    }

    /// Scaled to exactly `width` x `height` (leptonica low-passes a reduction).
    public func scaled(width: Int, height: Int) -> Image? {
        Image(taking: pixScaleToSize(pix, Int32(width), Int32(height)))
    }

    /// Rotated clockwise by `degrees` about the centre, on a canvas grown so that no
    /// corner is cut off, the new area white.
    public func rotated(degrees: Double) -> Image? {
        let radians = Float(degrees * .pi / 180)
        return Image(taking: pixRotate(pix, radians, Int32(L_ROTATE_AREA_MAP),
                                       Int32(L_BRING_IN_WHITE), Int32(width), Int32(height)))
    }

    /// The clockwise rotation in degrees that makes the text lines level, searched
    /// within ±`range` degrees, and leptonica's confidence in it (above about 3 is reliable).
    public func skew(range: Double = 45) -> (degrees: Double, confidence: Double)? {
        guard let binary = Image(taking: pixConvertTo1(pix, 160)) else { return nil }
        var angle: Float = 0, confidence: Float = 0
        let status = pixFindSkewSweepAndSearch(binary.pix, &angle, &confidence, 4, 2, Float(range), 1, 0.01)
        return status == 0 ? (Double(angle), Double(confidence)) : nil
    }

    /// How many degrees (clockwise) to rotate the image by so that its text lines are
    /// level; nil when leptonica's skew search is not sure enough (a confidence below 3 is
    /// not reliable) or the angle is too small to matter. Asked apart from `rotated`, so
    /// that a caller can let go of what it holds of the page before the rotated copy is made.
    public func levelAngle(smallestAngle: Double = 0.2) -> Double? {
        guard let skew = skew(), skew.confidence >= 3, abs(skew.degrees) >= smallestAngle else { return nil }
        return skew.degrees
    }

    /// The smallest rectangle holding all dark pixels, as x, y, width, height; nil for a blank image.
    public func inkBounds() -> (x: Int, y: Int, width: Int, height: Int)? {
        guard let binary = Image(taking: pixConvertTo1(pix, 160)) else { return nil }
        var box: UnsafeMutablePointer<BOX>?
        guard pixClipToForeground(binary.pix, nil, &box) == 0, box != nil else { return nil }
        defer { boxDestroy(&box) }
        var x: Int32 = 0, y: Int32 = 0, width: Int32 = 0, height: Int32 = 0
        boxGetGeometry(box, &x, &y, &width, &height)
        return (Int(x), Int(y), Int(width), Int(height))
    }

    /// The part inside `x, y, width, height`, clipped to the image.
    public func cropped(x: Int, y: Int, width: Int, height: Int) -> Image? {
        guard let box = boxCreate(Int32(x), Int32(y), Int32(width), Int32(height)) else { return nil }
        var owned: UnsafeMutablePointer<BOX>? = box
        defer { boxDestroy(&owned) }
        return Image(taking: pixClipRectangle(pix, box, nil))
    }

    /// Grey levels (0 black, 255 white), row by row, scaled down so that neither side
    /// is longer than `maxSide`: what a preview needs, nothing more.
    public func greyPixels(maxSide: Int) -> (width: Int, height: Int, pixels: [UInt8])? {
        guard let grey = Image(taking: pixConvertTo8(pix, 0)) else { return nil }
        let factor = min(1, Double(maxSide) / Double(max(width, height, 1)))
        let small = factor < 1 ? Image(taking: pixScale(grey.pix, Float(factor), Float(factor))) : grey
        guard let small, let data = pixGetData(small.pix) else { return nil }
        let w = small.width, h = small.height, wordsPerLine = Int(pixGetWpl(small.pix))
        var pixels = [UInt8](repeating: 255, count: w * h)
        let bytes = UnsafeRawPointer(data).assumingMemoryBound(to: UInt8.self)
        for y in 0..<h {
            let line = bytes + y * wordsPerLine * 4
            for x in 0..<w {
                // Leptonica keeps bytes in 32-bit words, most significant first.
                pixels[y * w + x] = line[x ^ 3]
            }
        }
        return (w, h, pixels)
    }

    /// Red, green and blue bytes per pixel, row by row, scaled by `scaleX` and `scaleY`
    /// first when either is not 1 (leptonica low-passes a reduction, so small text
    /// survives, and sharpens a little unless `sharpened` is false: pictures for a
    /// person's eyes are kept as the scan has them).
    public func rgbPixels(scaleX: Double = 1, scaleY: Double = 1, sharpened: Bool = true) -> (width: Int, height: Int, pixels: [UInt8])? {
        // A colour image already is 32 bits a pixel: read it as it is, without a copy.
        let colour = pixGetDepth(pix) == 32 ? self : Image(taking: pixConvertTo32(pix))
        guard let colour else { return nil }
        let scaled = scaleX == 1 && scaleY == 1 ? colour
            : Image(taking: sharpened ? pixScale(colour.pix, Float(scaleX), Float(scaleY))
                                      : pixScaleGeneral(colour.pix, Float(scaleX), Float(scaleY), 0, 0))
        guard let scaled, let data = pixGetData(scaled.pix) else { return nil }
        let w = scaled.width, h = scaled.height, wordsPerLine = Int(pixGetWpl(scaled.pix))
        var pixels = [UInt8](repeating: 255, count: w * h * 3)
        pixels.withUnsafeMutableBufferPointer { out in
            for y in 0..<h {
                let line = data + y * wordsPerLine
                for x in 0..<w {
                    // A 32-bit pixel is 0xRRGGBBAA.
                    let word = line[x]
                    let at = (y * w + x) * 3
                    out[at] = UInt8(truncatingIfNeeded: word >> 24)
                    out[at + 1] = UInt8(truncatingIfNeeded: word >> 16)
                    out[at + 2] = UInt8(truncatingIfNeeded: word >> 8)
                }
            }
        }
        return (w, h, pixels)
    }

    /// PNG file bytes; `fast` trades a little size for time (zlib's level 1, for pictures
    /// made while a person waits).
    public func pngData(fast: Bool = false) -> Data? {
        if fast { pixSetZlibCompression(pix, 1) }
        var bytes: UnsafeMutablePointer<UInt8>?
        var size = 0
        guard pixWriteMemPng(&bytes, &size, pix, 0) == 0, let bytes else { return nil }
        defer { lept_free(bytes) }
        return Data(bytes: bytes, count: size)
    }

    /// File bytes in a leptonica format (`IFF_TIFF_G4`, `IFF_BMP`, `IFF_JFIF_JPEG`, …).
    public func encoded(format: Int32) -> Data? {
        var bytes: UnsafeMutablePointer<UInt8>?
        var size = 0
        guard pixWriteMem(&bytes, &size, pix, format) == 0, let bytes else { return nil }
        defer { lept_free(bytes) }
        return Data(bytes: bytes, count: size)
    }
}

public enum Leptonica {
    /// Leptonica prints warnings to stderr by default, which would trash a terminal
    /// screen and mix into command output; Quire reports problems itself.
    public static func silence() {
        _ = silenced
    }

    private static let silenced: Bool = {
        setMsgSeverity(Int32(L_SEVERITY_NONE))
        return true
    }()
}
