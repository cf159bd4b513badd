import Foundation

/// An image as the models see it: red, green and blue bytes per pixel, row by row.
struct PixelImage {
    var width: Int
    var height: Int
    var rgb: [UInt8]

    /// Channel `channel` (0 red, 1 green, 2 blue) at `x`, `y`, bilinear between pixel
    /// centres, the border repeated outside the image.
    @inline(__always)
    func sample(_ x: Double, _ y: Double, channel: Int, in pixels: UnsafeBufferPointer<UInt8>) -> Double {
        let cx = min(max(x, 0), Double(width - 1)), cy = min(max(y, 0), Double(height - 1))
        let x0 = Int(cx), y0 = Int(cy)
        let x1 = min(x0 + 1, width - 1), y1 = min(y0 + 1, height - 1)
        let fx = cx - Double(x0), fy = cy - Double(y0)
        let row0 = y0 * width, row1 = y1 * width
        let a = Double(pixels[(row0 + x0) * 3 + channel]), b = Double(pixels[(row0 + x1) * 3 + channel])
        let c = Double(pixels[(row1 + x0) * 3 + channel]), d = Double(pixels[(row1 + x1) * 3 + channel])
        return (a * (1 - fx) + b * fx) * (1 - fy) + (c * (1 - fx) + d * fx) * fy
    }

    /// Writes the part of the image under `frame`, resampled to `width` x `height`, into
    /// a `[3, height, tensorWidth]` slice of `values` starting at `offset`, normalised as
    /// PP-OCR was trained ((v / 255 - 0.5) / 0.5, channels blue, green, red). Columns from
    /// `width` to `tensorWidth` are left as they are (zero: the models' padding).
    func write(_ frame: CropFrame, width: Int, height: Int, tensorWidth: Int, into values: inout [Float], at offset: Int) {
        // Shrinking by more than 1.5 averages several samples per pixel, so that thin
        // strokes are not skipped between samples.
        let stepS = frame.width / Double(width), stepT = frame.height / Double(height)
        let samples = max(1, Int((max(stepS, stepT) / 1.5).rounded(.up)))
        let plane = height * tensorWidth
        rgb.withUnsafeBufferPointer { pixels in
            values.withUnsafeMutableBufferPointer { out in
                var sum = (0.0, 0.0, 0.0)
                for row in 0..<height {
                    for column in 0..<width {
                        sum = (0, 0, 0)
                        for sy in 0..<samples {
                            let t = (Double(row) + (Double(sy) + 0.5) / Double(samples)) * stepT
                            for sx in 0..<samples {
                                let s = (Double(column) + (Double(sx) + 0.5) / Double(samples)) * stepS
                                let x = frame.originX + s * frame.ux + t * frame.vx - 0.5
                                let y = frame.originY + s * frame.uy + t * frame.vy - 0.5
                                sum.0 += sample(x, y, channel: 0, in: pixels)
                                sum.1 += sample(x, y, channel: 1, in: pixels)
                                sum.2 += sample(x, y, channel: 2, in: pixels)
                            }
                        }
                        let scale = 1 / (127.5 * Double(samples * samples))
                        let at = offset + row * tensorWidth + column
                        out[at] = Float(sum.2 * scale - 1)
                        out[at + plane] = Float(sum.1 * scale - 1)
                        out[at + 2 * plane] = Float(sum.0 * scale - 1)
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
