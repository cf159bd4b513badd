/// DEC's sixel format: the picture in bands six pixels high, each colour of a band a
/// row of characters whose six bits say which of the band's pixels have that colour.
public enum Sixel {
    /// The whole sequence, from `ESC P q` to `ESC \`, with at most `colours` colour registers.
    public static func encode(_ raster: Raster, colours: Int = 256) -> [UInt8] {
        let (palette, indices) = Palette.quantise(raster, colours: colours)
        var out: [UInt8] = Array("\u{1B}Pq\"1;1;\(raster.width);\(raster.height)".utf8)
        for (number, colour) in palette.enumerated() {
            let percent = { (value: UInt8) in (Int(value) * 100 + 127) / 255 }
            out += Array("#\(number);2;\(percent(colour.red));\(percent(colour.green));\(percent(colour.blue))".utf8)
        }
        let width = raster.width
        // One row of six-bit columns a colour, filled in one pass over each band.
        var rows = [UInt8](repeating: 0, count: palette.count * width)
        var used = [Bool](repeating: false, count: palette.count)
        for top in stride(from: 0, to: raster.height, by: 6) {
            let bottom = min(raster.height, top + 6)
            for y in top..<bottom {
                let bit = UInt8(1 << (y - top))
                for x in 0..<width {
                    let colour = Int(indices[y * width + x])
                    used[colour] = true
                    rows[colour * width + x] |= bit
                }
            }
            var first = true
            for colour in 0..<palette.count where used[colour] {
                if !first { out.append(UInt8(ascii: "$")) }  // back to the band's start for the next colour
                first = false
                out += Array("#\(colour)".utf8)
                appendRuns(rows[(colour * width)..<((colour + 1) * width)], to: &out)
                for x in 0..<width { rows[colour * width + x] = 0 }
                used[colour] = false
            }
            out.append(UInt8(ascii: "-"))
        }
        out += [0x1B, UInt8(ascii: "\\")]
        return out
    }

    /// A row of six-bit columns as characters, runs of four or more as `!count char`,
    /// the empty columns at its end left out.
    private static func appendRuns(_ row: ArraySlice<UInt8>, to out: inout [UInt8]) {
        var end = row.endIndex
        while end > row.startIndex, row[end - 1] == 0 { end -= 1 }
        var x = row.startIndex
        while x < end {
            var run = 1
            while x + run < end, row[x + run] == row[x] { run += 1 }
            let character = 0x3F + row[x]
            if run >= 4 {
                out += Array("!\(run)".utf8)
                out.append(character)
            } else {
                out += [UInt8](repeating: character, count: run)
            }
            x += run
        }
    }
}

/// Up to so many colours for a picture: the most frequent of its colours at five bits
/// a channel, each pixel given the nearest of them. Scans are mostly paper and ink, so
/// a few hundred colours leave nothing a reader would miss.
public enum Palette {
    public static func quantise(_ raster: Raster, colours: Int) -> (palette: [RGB], indices: [UInt16]) {
        let count = raster.width * raster.height
        var histogram = [Int](repeating: 0, count: 32768)
        var keys = [UInt16](repeating: 0, count: count)
        raster.pixels.withUnsafeBufferPointer { bytes in
            for index in 0..<count {
                let key = UInt16(bytes[index * 3] >> 3) << 10 | UInt16(bytes[index * 3 + 1] >> 3) << 5 | UInt16(bytes[index * 3 + 2] >> 3)
                keys[index] = key
                histogram[Int(key)] += 1
            }
        }
        let present = (0..<32768).filter { histogram[$0] > 0 }
        let chosen = present.count <= colours ? present : Array(present.sorted { histogram[$0] > histogram[$1] }.prefix(colours))
        let palette = chosen.map { key -> RGB in
            // The middle of the five-bit step, so that a level rounds back to itself.
            func channel(_ shift: Int) -> UInt8 { UInt8(min(255, ((key >> shift) & 31) << 3 | 4)) }
            return RGB(channel(10), channel(5), channel(0))
        }
        var lookup = [UInt16](repeating: 0, count: 32768)
        for key in present {
            let r = Int((key >> 10) & 31), g = Int((key >> 5) & 31), b = Int(key & 31)
            var best = 0, bestDistance = Int.max
            for (index, colour) in chosen.enumerated() {
                let dr = r - Int((colour >> 10) & 31), dg = g - Int((colour >> 5) & 31), db = b - Int(colour & 31)
                let distance = 3 * dr * dr + 4 * dg * dg + 2 * db * db
                if distance < bestDistance { bestDistance = distance; best = index }
                if distance == 0 { break }
            }
            lookup[Int(key)] = UInt16(best)
        }
        return (palette, keys.map { lookup[Int($0)] })
    }
}
