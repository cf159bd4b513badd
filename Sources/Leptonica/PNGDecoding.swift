import CTesseract
import Foundation
import PNGRows

/// PNG decoded row by row into the image itself. leptonica's own reader asks libpng
/// for the whole image first and then copies it into the pix, so a page briefly
/// costs twice its size: an 8192 x 8192 RGBA16 PNG took 513 MiB to decode that way
/// (PNGDecodingTests measures it), and takes the 256 MiB of its pixels this way. The pixels are the ones leptonica makes (the
/// tests compare them); palette, interlaced and below-8-bit files, which leptonica
/// treats in ways of its own, and big-endian machines are left to leptonica.
enum PNGDecoding {
    static func pix(_ data: Data) -> UnsafeMutablePointer<PIX>? {
        guard data.starts(with: [0x89, 0x50, 0x4E, 0x47]), UInt32(littleEndian: 1) == 1 else { return nil }
        return data.withUnsafeBytes { raw -> UnsafeMutablePointer<PIX>? in
            guard let base = raw.bindMemory(to: UInt8.self).baseAddress else { return nil }
            var info = QuirePNGInfo()
            guard quire_png_read(base, raw.count, &info, 0, nil, 0) == 0, info.interlaced == 0, info.hasPalette == 0, info.bitDepth >= 8,
                  info.width > 0, info.height > 0 else { return nil }
            let grey = info.colourType == 0  // PNG_COLOR_TYPE_GRAY: 8 bits a pixel; the rest in 32
            let samples = Int32(grey ? 1 : info.colourType & 4 != 0 ? 4 : 3)  // alpha kept, as leptonica keeps it
            guard let pix = pixCreate(Int32(info.width), Int32(info.height), grey ? 8 : 32), let words = pixGetData(pix) else { return nil }
            let stride = Int(pixGetWpl(pix)) * 4
            guard quire_png_read(base, raw.count, &info, grey ? 1 : 4, UnsafeMutableRawPointer(words).assumingMemoryBound(to: UInt8.self),
                                 stride) == 0 else {
                var failed: UnsafeMutablePointer<PIX>? = pix
                pixDestroy(&failed)
                return nil
            }
            if grey { pixEndianByteSwap(pix) }  // leptonica keeps the bytes of an 8-bit row in big-endian words
            pixSetSpp(pix, samples)
            if info.xPerMetre > 0, info.yPerMetre > 0 {  // pixels per inch, as leptonica rounds them
                pixSetResolution(pix, Int32(Double(info.xPerMetre) / 39.37 + 0.5), Int32(Double(info.yPerMetre) / 39.37 + 0.5))
            }
            return pix
        }
    }
}
