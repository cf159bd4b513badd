import Foundation
import Leptonica

/// PP-OCR's text detector (DB: differentiable binarisation): the model marks the
/// probability that each pixel is inside a text line, shrunk towards the line's
/// middle; lines are the connected regions above a threshold, each enclosed by its
/// minimum-area rectangle and grown back to the size of the text.
struct TextDetector {
    /// PaddleOCR's and RapidOCR's documented defaults, which the models were made for.
    struct Settings {
        /// The model sees a page whose shorter side is at least this (smaller pages are
        /// scaled up: a line's strokes must be a few pixels wide for the model) ...
        var shortestSide = 736
        /// ... and whose longer side is at most this (larger pages are scaled down).
        var longestSide = 2000
        /// Probability above which a pixel is text.
        var threshold: Float = 0.3
        /// Mean probability inside a box below which it is dropped.
        var boxThreshold: Float = 0.5
        /// How far a region is grown back: its area times this over its perimeter.
        var unclipRatio = 1.6
        /// Regions with a shorter side than this (in model pixels) are noise.
        var smallestSide = 3.0
        var maxCandidates = 1000
    }

    let session: OnnxSession
    var settings = Settings()

    /// Text lines found in `image`, as boxes in its pixels.
    func detect(in image: Image) throws(PaddleSetupError) -> [RotatedBox] {
        let width = image.width, height = image.height
        let size = Self.modelSize(width: width, height: height, shortestSide: settings.shortestSide, longestSide: settings.longestSide)
        guard let pixels = image.rgbPixels(scaleX: Double(size.width) / Double(width),
                                           scaleY: Double(size.height) / Double(height)) else { return [] }
        let scaled = PixelImage(width: pixels.width, height: pixels.height, rgb: pixels.pixels)
        var input = Tensor(shape: [1, 3, scaled.height, scaled.width], values: Self.normalised(scaled))
        // The map is as large as the input: in memory of Quire's own, so that the run hands
        // all of the runtime's working memory back (hundreds of MiB on a large page)
        // before the lines are read.
        var output = Tensor(shape: [1, 1, scaled.height, scaled.width], values: [Float](repeating: 0, count: scaled.height * scaled.width))
        try session.runHandingBackMemory(&input, into: &output)
        let boxes = settings.regions(probability: output.values, width: scaled.width, height: scaled.height)
        let sx = Double(width) / Double(scaled.width), sy = Double(height) / Double(scaled.height)
        return boxes.compactMap { box in
            // Back in the image's pixels (the two scales differ slightly: sides are rounded to 32).
            let corners = box.corners(scaledBy: sx, sy).map {
                (x: min(max($0.x, 0), Double(width)), y: min(max($0.y, 0), Double(height)))
            }
            guard let clipped = RotatedBox.enclosing(corners), clipped.length > 3, clipped.breadth > 3 else { return nil }
            return clipped
        }
    }

    /// The model's input size: the shorter side raised to `shortestSide` unless that
    /// takes the longer past `longestSide`, which it never passes; each side a multiple of 32.
    static func modelSize(width: Int, height: Int, shortestSide: Int, longestSide: Int) -> (width: Int, height: Int) {
        let up = max(1, Double(shortestSide) / Double(min(width, height)))
        let factor = min(up, Double(longestSide) / Double(max(width, height)))
        func side(_ length: Int) -> Int { max(32, Int((Double(length) * factor / 32).rounded()) * 32) }
        return (side(width), side(height))
    }

    /// `[3, height, width]` values, blue, green, red, each (v / 255 - 0.5) / 0.5.
    static func normalised(_ image: PixelImage) -> [Float] {
        let plane = image.width * image.height
        var values = [Float](repeating: 0, count: 3 * plane)
        image.rgb.withUnsafeBufferPointer { rgb in
            values.withUnsafeMutableBufferPointer { out in
                for index in 0..<plane {
                    out[index] = Float(rgb[index * 3 + 2]) / 127.5 - 1
                    out[index + plane] = Float(rgb[index * 3 + 1]) / 127.5 - 1
                    out[index + 2 * plane] = Float(rgb[index * 3]) / 127.5 - 1
                }
            }
        }
        return values
    }
}

/// DB post-processing: the probability map's text regions as boxes, with these settings.
extension TextDetector.Settings {
    /// Boxes around the regions of the probability map, in its pixels.
    func regions(probability: [Float], width: Int, height: Int) -> [RotatedBox] {
        // Above the threshold, dilated by one pixel right and down (as PP-OCR does),
        // which joins characters a hair apart.
        var text = [Bool](repeating: false, count: width * height)
        for y in 0..<height {
            for x in 0..<width {
                let here = probability[y * width + x] > threshold
                let left = x > 0 && probability[y * width + x - 1] > threshold
                let up = y > 0 && probability[(y - 1) * width + x] > threshold
                let diagonal = x > 0 && y > 0 && probability[(y - 1) * width + x - 1] > threshold
                text[y * width + x] = here || left || up || diagonal
            }
        }
        var seen = [Bool](repeating: false, count: width * height)
        var boxes: [RotatedBox] = []
        var stack: [Int] = []
        for start in 0..<(width * height) where text[start] && !seen[start] {
            // One region, 8-connected; only each row's ends matter for its hull.
            var ends: [Int: (Int, Int)] = [:]
            seen[start] = true
            stack.append(start)
            while let index = stack.popLast() {
                let x = index % width, y = index / width
                if let (low, high) = ends[y] { ends[y] = (min(low, x), max(high, x)) } else { ends[y] = (x, x) }
                for dy in -1...1 {
                    let ny = y + dy
                    guard ny >= 0, ny < height else { continue }
                    for dx in -1...1 {
                        let nx = x + dx
                        guard nx >= 0, nx < width else { continue }
                        let neighbour = ny * width + nx
                        if text[neighbour] && !seen[neighbour] {
                            seen[neighbour] = true
                            stack.append(neighbour)
                        }
                    }
                }
            }
            guard boxes.count < maxCandidates else { break }
            let points = ends.flatMap { y, span in [(x: Double(span.0), y: Double(y)), (x: Double(span.1), y: Double(y))] }
            guard let box = RotatedBox.enclosing(points), box.shortSide >= smallestSide else { continue }
            guard score(of: box, probability: probability, width: width, height: height) >= boxThreshold else { continue }
            let perimeter = 2 * (box.length + box.breadth)
            let grown = box.grown(by: box.area * unclipRatio / max(perimeter, 1))
            guard grown.shortSide >= smallestSide + 2 else { continue }
            boxes.append(grown)
        }
        return boxes
    }

    /// Mean probability of the pixels inside `box`.
    func score(of box: RotatedBox, probability: [Float], width: Int, height: Int) -> Float {
        let corners = box.corners()
        let x0 = max(0, Int(corners.map(\.x).min()!.rounded(.down))), x1 = min(width - 1, Int(corners.map(\.x).max()!.rounded(.up)))
        let y0 = max(0, Int(corners.map(\.y).min()!.rounded(.down))), y1 = min(height - 1, Int(corners.map(\.y).max()!.rounded(.up)))
        guard x0 <= x1, y0 <= y1 else { return 0 }
        // A box of zero breadth (a one-pixel line) still holds the pixels it runs through.
        let fat = RotatedBox(centerX: box.centerX, centerY: box.centerY, axisX: box.axisX, axisY: box.axisY,
                             length: box.length + 1, breadth: box.breadth + 1)
        var sum: Float = 0
        var count = 0
        for y in y0...y1 {
            for x in x0...x1 where fat.contains(Double(x), Double(y)) {
                sum += probability[y * width + x]
                count += 1
            }
        }
        return count > 0 ? sum / Float(count) : 0
    }
}
