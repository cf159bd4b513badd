import Foundation

/// kitty's graphics protocol: a PNG file (kitty decodes it; raw pixels would be four
/// times the bytes over ssh), base64 in chunks of 4096.
public enum KittyImage {
    /// Transmits and places the picture at the cursor as image `id`: `q=2` keeps kitty
    /// from answering (an answer would arrive as keys) and `C=1` leaves the cursor where it is.
    public static func encode(png: Data, id: Int) -> [UInt8] {
        let payload = Array(png.base64EncodedString().utf8)
        var out: [UInt8] = []
        var start = 0
        repeat {
            let end = min(payload.count, start + 4096)
            let more = end < payload.count ? 1 : 0
            let control = start == 0 ? "a=T,f=100,i=\(id),q=2,C=1,m=\(more)" : "m=\(more)"
            out += Array("\u{1B}_G\(control);".utf8) + payload[start..<end] + [0x1B, UInt8(ascii: "\\")]
            start = end
        } while start < payload.count
        return out
    }

    /// Deletes image `id` and frees its pixels: kitty keeps pictures until told.
    public static func delete(id: Int) -> [UInt8] {
        Array("\u{1B}_Ga=d,d=I,i=\(id),q=2\u{1B}\\".utf8)
    }
}

/// iTerm2's inline images: a file (PNG) in base64, sized in pixels.
public enum ITermImage {
    public static func encode(png: Data, width: Int, height: Int) -> [UInt8] {
        Array(("\u{1B}]1337;File=inline=1;size=\(png.count);width=\(width)px;height=\(height)px;preserveAspectRatio=0;"
            + "doNotMoveCursor=1:" + png.base64EncodedString() + "\u{07}").utf8)
    }
}
