import WorkbenchCore

/// Pictures drawn with characters, for terminals that show no pixels; curses draws them.
public enum CharacterPictures {
    /// Upper half blocks: each cell's top pixel is its foreground, its bottom pixel its
    /// background, both the nearest of the 256 indexed colours. `raster` is `columns`
    /// pixels wide and `2 x rows` high.
    public static func halfBlocks(_ raster: Raster) -> [Cell] {
        let columns = raster.width, rows = raster.height / 2
        var cells: [Cell] = []
        cells.reserveCapacity(columns * rows)
        for row in 0..<rows {
            for column in 0..<columns {
                let top = raster[column, row * 2], bottom = raster[column, row * 2 + 1]
                let style = Style(foreground: .indexed(XtermColours.nearest(top)), background: .indexed(XtermColours.nearest(bottom)))
                cells.append(Cell(character: "▀", style: style, isContinuation: false))
            }
        }
        return cells
    }

    /// Braille: two by four dots a cell, a dot where the pixel is ink (darker than
    /// Otsu's threshold of the picture), drawn in `ink`; `marks` (an outline's
    /// colour and style) win over ink in the cells they touch.
    public static func braille(_ raster: Raster, ink: Style, marks: [RGB: Style] = [:]) -> [Cell] {
        let columns = raster.width / 2, rows = raster.height / 4
        let grey = raster.luminance
        let threshold = Otsu.threshold(grey)
        let bits: [[UInt32]] = [[0x01, 0x02, 0x04, 0x40], [0x08, 0x10, 0x20, 0x80]]
        var cells: [Cell] = []
        cells.reserveCapacity(columns * rows)
        for row in 0..<rows {
            for column in 0..<columns {
                var pattern: UInt32 = 0
                var style = ink
                for dy in 0..<4 {
                    for dx in 0..<2 {
                        let x = column * 2 + dx, y = row * 4 + dy
                        if let mark = marks[raster[x, y]] {
                            pattern |= bits[dx][dy]
                            style = mark
                        } else if grey[y * raster.width + x] < threshold {
                            pattern |= bits[dx][dy]
                        }
                    }
                }
                let character = pattern == 0 ? " " : Character(Unicode.Scalar(0x2800 + pattern)!)
                cells.append(Cell(character: character, style: pattern == 0 ? .plain : style, isContinuation: false))
            }
        }
        return cells
    }
}

/// xterm's 256 colours: 16 the terminal chooses, a 6x6x6 cube, and 24 greys.
public enum XtermColours {
    private static let levels: [Int] = [0, 95, 135, 175, 215, 255]

    /// The nearest cube colour or grey (never one of the first 16, which themes change).
    public static func nearest(_ colour: RGB) -> UInt8 {
        func level(_ value: UInt8) -> Int {
            var best = 0
            for index in 1..<6 where abs(levels[index] - Int(value)) < abs(levels[best] - Int(value)) { best = index }
            return best
        }
        let r = level(colour.red), g = level(colour.green), b = level(colour.blue)
        let cube = (levels[r], levels[g], levels[b])
        let average = (Int(colour.red) + Int(colour.green) + Int(colour.blue)) / 3
        let greyIndex = max(0, min(23, (average - 8 + 5) / 10))
        let greyLevel = 8 + greyIndex * 10
        func distance(_ other: (Int, Int, Int)) -> Int {
            let dr = Int(colour.red) - other.0, dg = Int(colour.green) - other.1, db = Int(colour.blue) - other.2
            return dr * dr + dg * dg + db * db
        }
        return distance((greyLevel, greyLevel, greyLevel)) < distance(cube) ? UInt8(232 + greyIndex) : UInt8(16 + 36 * r + 6 * g + b)
    }
}

/// The grey level that best splits ink from paper (Otsu's method).
public enum Otsu {
    public static func threshold(_ pixels: [UInt8]) -> UInt8 {
        var histogram = [Int](repeating: 0, count: 256)
        for p in pixels { histogram[Int(p)] += 1 }
        let total = Double(pixels.count)
        let sum = histogram.enumerated().reduce(0.0) { $0 + Double($1.offset * $1.element) }
        var backgroundWeight = 0.0, backgroundSum = 0.0, best = 0.0, threshold = 128
        for level in 0..<256 {
            backgroundWeight += Double(histogram[level])
            guard backgroundWeight > 0 else { continue }
            let foregroundWeight = total - backgroundWeight
            guard foregroundWeight > 0 else { break }
            backgroundSum += Double(level * histogram[level])
            let meanBack = backgroundSum / backgroundWeight
            let meanFore = (sum - backgroundSum) / foregroundWeight
            let between = backgroundWeight * foregroundWeight * (meanBack - meanFore) * (meanBack - meanFore)
            if between > best {
                best = between
                threshold = level
            }
        }
        return UInt8(min(255, threshold + 1))
    }
}
