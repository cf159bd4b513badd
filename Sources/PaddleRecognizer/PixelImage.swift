import Foundation

/// An image as the models see it: red, green and blue bytes per pixel, row by row.
struct PixelImage {
    var width: Int
    var height: Int
    var rgb: [UInt8]

    /// Writes the part of the image under `frame`, resampled to `width` x `height`, into
    /// a `[3, height, tensorWidth]` slice of `values` starting at `offset`, normalised as
    /// PP-OCR was trained ((v / 255 - 0.5) / 0.5, channels blue, green, red). Columns from
    /// `width` to `tensorWidth` are left as they are (zero: the models' padding).
    ///
    /// Each value is bilinear between pixel centres (the border repeated outside the
    /// image); shrinking by more than 1.5 averages several such samples per value, so
    /// that thin strokes are not skipped between samples.
    func write(_ frame: CropFrame, width: Int, height: Int, tensorWidth: Int, into values: inout [Float], at offset: Int) {
        let stepS = frame.width / Double(width), stepT = frame.height / Double(height)
        let samples = max(1, Int((max(stepS, stepT) / 1.5).rounded(.up)))
        if frame.uy == 0, frame.vx == 0, frame.ux > 0, frame.vy > 0 {
            writeUpright(frame, width: width, height: height, tensorWidth: tensorWidth, samples: samples, into: &values, at: offset)
            return
        }
        let plane = height * tensorWidth
        let scale = Float(1 / (127.5 * Double(samples * samples)))
        let maxX = Double(self.width - 1), maxY = Double(self.height - 1)
        let rowLength = self.width
        rgb.withUnsafeBufferPointer { pixels in
            values.withUnsafeMutableBufferPointer { out in
                for row in 0..<height {
                    for column in 0..<width {
                        var red: Float = 0, green: Float = 0, blue: Float = 0
                        for sy in 0..<samples {
                            let t = (Double(row) + (Double(sy) + 0.5) / Double(samples)) * stepT
                            for sx in 0..<samples {
                                let s = (Double(column) + (Double(sx) + 0.5) / Double(samples)) * stepS
                                let x = min(max(frame.originX + s * frame.ux + t * frame.vx - 0.5, 0), maxX)
                                let y = min(max(frame.originY + s * frame.uy + t * frame.vy - 0.5, 0), maxY)
                                let x0 = Int(x), y0 = Int(y)
                                let fx = Float(x - Double(x0)), fy = Float(y - Double(y0))
                                let right = x0 < rowLength - 1 ? 3 : 0, down = y0 < self.height - 1 ? rowLength * 3 : 0
                                let a = (y0 * rowLength + x0) * 3, b = a + right, c = a + down, d = c + right
                                let wa = (1 - fx) * (1 - fy), wb = fx * (1 - fy), wc = (1 - fx) * fy, wd = fx * fy
                                red += wa * Float(pixels[a]) + wb * Float(pixels[b]) + wc * Float(pixels[c]) + wd * Float(pixels[d])
                                green += wa * Float(pixels[a + 1]) + wb * Float(pixels[b + 1]) + wc * Float(pixels[c + 1]) + wd * Float(pixels[d + 1])
                                blue += wa * Float(pixels[a + 2]) + wb * Float(pixels[b + 2]) + wc * Float(pixels[c + 2]) + wd * Float(pixels[d + 2])
                            }
                        }
                        let at = offset + row * tensorWidth + column
                        out[at] = blue * scale - 1
                        out[at + plane] = green * scale - 1
                        out[at + 2 * plane] = red * scale - 1
                    }
                }
            }
        }
    }
}

extension PixelImage {
    /// The smallest rectangle holding every dark pixel (luminance below 160, as
    /// leptonica's `inkBounds` binarises), as x, y, width, height; nil for a blank image.
    func inkBounds() -> (x: Int, y: Int, width: Int, height: Int)? {
        var x0 = width, y0 = height, x1 = -1, y1 = -1
        rgb.withUnsafeBufferPointer { pixels in
            for y in 0..<height {
                var rowLow = width, rowHigh = -1
                let row = y * width * 3
                for x in 0..<width {
                    let at = row + x * 3
                    let luminance = (77 * Int(pixels[at]) + 150 * Int(pixels[at + 1]) + 29 * Int(pixels[at + 2])) >> 8
                    if luminance < 160 {
                        rowLow = min(rowLow, x)
                        rowHigh = x
                    }
                }
                if rowHigh >= 0 {
                    x0 = min(x0, rowLow); x1 = max(x1, rowHigh)
                    y0 = min(y0, y); y1 = y
                }
            }
        }
        return x1 < 0 ? nil : (x0, y0, x1 - x0 + 1, y1 - y0 + 1)
    }

    /// One output value's source taps along one axis: pixel indices and their weights.
    private struct Taps {
        var indices: [Int] = []
        var weights: [Float] = []
    }

    /// The same sampling as `write` (bilinear samples, `samples` per axis averaged), for a
    /// frame that is not turned: separable, so each axis's taps are worked out once and
    /// the image is filtered across, then down. A whole line image, the common case.
    fileprivate func writeUpright(_ frame: CropFrame, width: Int, height: Int, tensorWidth: Int, samples: Int,
                                  into values: inout [Float], at offset: Int) {
        func taps(count: Int, origin: Double, step: Double, limit: Int) -> [Taps] {
            (0..<count).map { position in
                var taps = Taps()
                for sub in 0..<samples {
                    let at = min(max(origin + (Double(position) + (Double(sub) + 0.5) / Double(samples)) * step - 0.5, 0), Double(limit - 1))
                    let low = Int(at), fraction = Float(at - Double(low))
                    taps.indices.append(low)
                    taps.weights.append((1 - fraction) / Float(samples))
                    taps.indices.append(min(low + 1, limit - 1))
                    taps.weights.append(fraction / Float(samples))
                }
                return taps
            }
        }
        let columns = taps(count: width, origin: frame.originX, step: frame.width / Double(width) * frame.ux, limit: self.width)
        let rows = taps(count: height, origin: frame.originY, step: frame.height / Double(height) * frame.vy, limit: self.height)
        let firstRow = rows.flatMap(\.indices).min() ?? 0, lastRow = rows.flatMap(\.indices).max() ?? 0
        // Across: every source row the output needs, filtered to the output's columns.
        var across = [Float](repeating: 0, count: (lastRow - firstRow + 1) * width * 3)
        rgb.withUnsafeBufferPointer { pixels in
            across.withUnsafeMutableBufferPointer { across in
                for y in firstRow...lastRow {
                    let source = y * self.width * 3, target = (y - firstRow) * width * 3
                    for column in 0..<width {
                        var red: Float = 0, green: Float = 0, blue: Float = 0
                        let tap = columns[column]
                        for index in tap.indices.indices {
                            let at = source + tap.indices[index] * 3, weight = tap.weights[index]
                            red += weight * Float(pixels[at])
                            green += weight * Float(pixels[at + 1])
                            blue += weight * Float(pixels[at + 2])
                        }
                        across[target + column * 3] = red
                        across[target + column * 3 + 1] = green
                        across[target + column * 3 + 2] = blue
                    }
                }
            }
        }
        // Down: each output row from the filtered rows, normalised into the tensor.
        let plane = height * tensorWidth
        across.withUnsafeBufferPointer { across in
            values.withUnsafeMutableBufferPointer { out in
                for row in 0..<height {
                    let tap = rows[row]
                    for column in 0..<width {
                        var red: Float = 0, green: Float = 0, blue: Float = 0
                        for index in tap.indices.indices {
                            let at = ((tap.indices[index] - firstRow) * width + column) * 3, weight = tap.weights[index]
                            red += weight * across[at]
                            green += weight * across[at + 1]
                            blue += weight * across[at + 2]
                        }
                        let at = offset + row * tensorWidth + column
                        out[at] = blue / 127.5 - 1
                        out[at + plane] = green / 127.5 - 1
                        out[at + 2 * plane] = red / 127.5 - 1
                    }
                }
            }
        }
    }
}

/// A rectangle of an image at any angle, read as a line image: `origin` is its top-left
/// corner as the text reads, `u` the unit step along the text, `v` the unit step down it.
struct CropFrame: Equatable {
    var originX: Double, originY: Double
    var ux: Double, uy: Double
    var vx: Double, vy: Double
    var width: Double, height: Double

    /// The whole of an image, upright.
    static func whole(width: Int, height: Int) -> CropFrame {
        CropFrame(originX: 0, originY: 0, ux: 1, uy: 0, vx: 0, vy: 1, width: Double(width), height: Double(height))
    }

    /// The frame of a box given as four corners, clockwise from its top-left.
    init(corners p: [(x: Double, y: Double)]) {
        let top = hypot(p[1].x - p[0].x, p[1].y - p[0].y), bottom = hypot(p[2].x - p[3].x, p[2].y - p[3].y)
        let left = hypot(p[3].x - p[0].x, p[3].y - p[0].y), right = hypot(p[2].x - p[1].x, p[2].y - p[1].y)
        width = max(top, bottom, 1)
        height = max(left, right, 1)
        originX = p[0].x
        originY = p[0].y
        let along = max(top, 1e-9), down = max(left, 1e-9)
        ux = (p[1].x - p[0].x) / along
        uy = (p[1].y - p[0].y) / along
        vx = (p[3].x - p[0].x) / down
        vy = (p[3].y - p[0].y) / down
    }

    init(originX: Double, originY: Double, ux: Double, uy: Double, vx: Double, vy: Double, width: Double, height: Double) {
        self.originX = originX; self.originY = originY
        self.ux = ux; self.uy = uy; self.vx = vx; self.vy = vy
        self.width = width; self.height = height
    }

    /// The same region read a quarter turn anticlockwise: text running down the page
    /// (a box much taller than wide) read as a line.
    var turnedAnticlockwise: CropFrame {
        CropFrame(originX: originX + width * ux, originY: originY + width * uy,
                  ux: vx, uy: vy, vx: -ux, vy: -uy, width: height, height: width)
    }

    /// The same region read upside down.
    var turnedHalf: CropFrame {
        CropFrame(originX: originX + width * ux + height * vx, originY: originY + width * uy + height * vy,
                  ux: -ux, uy: -uy, vx: -vx, vy: -vy, width: width, height: height)
    }

    /// Width over height.
    var aspect: Double { width / max(height, 1) }
}
