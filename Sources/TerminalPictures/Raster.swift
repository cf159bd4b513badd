/// Red, green and blue bytes per pixel, row by row: a picture being made for the screen.
public struct Raster: Equatable, Sendable {
    public let width: Int
    public let height: Int
    public var pixels: [UInt8]

    public init(width: Int, height: Int, pixels: [UInt8]) {
        precondition(pixels.count == width * height * 3, "a raster needs three bytes a pixel")
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// A raster of one colour.
    public init(width: Int, height: Int, filled colour: RGB = .white) {
        self.width = width
        self.height = height
        pixels = [UInt8](repeating: 0, count: width * height * 3)
        for index in 0..<(width * height) {
            pixels[index * 3] = colour.red
            pixels[index * 3 + 1] = colour.green
            pixels[index * 3 + 2] = colour.blue
        }
    }

    public subscript(x: Int, y: Int) -> RGB {
        let at = (y * width + x) * 3
        return RGB(pixels[at], pixels[at + 1], pixels[at + 2])
    }

    public mutating func set(_ x: Int, _ y: Int, _ colour: RGB) {
        guard x >= 0, y >= 0, x < width, y < height else { return }
        let at = (y * width + x) * 3
        pixels[at] = colour.red
        pixels[at + 1] = colour.green
        pixels[at + 2] = colour.blue
    }

    /// This raster cut or padded (with white, the paper) to exactly `width` x `height`:
    /// a scaler may be a pixel off the size asked for.
    public func fitted(width: Int, height: Int) -> Raster {
        guard width != self.width || height != self.height else { return self }
        var out = Raster(width: width, height: height)
        for y in 0..<min(height, self.height) {
            let from = y * self.width * 3, to = y * width * 3, count = min(width, self.width) * 3
            out.pixels.replaceSubrange(to..<(to + count), with: pixels[from..<(from + count)])
        }
        return out
    }

    /// A grey level (0 black, 255 white) a pixel.
    public var luminance: [UInt8] {
        (0..<(width * height)).map { self[$0 % max(1, width), $0 / max(1, width)].luminance }
    }

    /// The darkest 2 % made black and the lightest 2 % white, the rest spread between:
    /// faint pencil on grey paper becomes legible in a few characters.
    public mutating func stretchContrast() {
        var histogram = [Int](repeating: 0, count: 256)
        for index in 0..<(width * height) { histogram[Int(self[index % width, index / width].luminance)] += 1 }
        let total = width * height, cut = total / 50
        var low = 0, high = 255, seen = 0
        while low < 255, seen + histogram[low] <= cut { seen += histogram[low]; low += 1 }
        seen = 0
        while high > low, seen + histogram[high] <= cut { seen += histogram[high]; high -= 1 }
        guard high > low else { return }
        let span = Double(high - low)
        for index in 0..<pixels.count {
            pixels[index] = UInt8(max(0, min(255, (Double(Int(pixels[index]) - low) / span * 255).rounded())))
        }
    }

    /// A polygon's edges `thickness` pixels wide, its points already in this raster's pixels.
    public mutating func outline(_ points: [(x: Double, y: Double)], colour: RGB, thickness: Int) {
        guard points.count >= 2 else { return }
        for (index, start) in points.enumerated() {
            let end = points[(index + 1) % points.count]
            line(from: start, to: end, colour: colour, thickness: thickness)
        }
    }

    private mutating func line(from a: (x: Double, y: Double), to b: (x: Double, y: Double), colour: RGB, thickness: Int) {
        let steps = Int(max(abs(b.x - a.x), abs(b.y - a.y)).rounded(.up)) + 1
        let half = thickness / 2
        for step in 0...steps {
            let t = Double(step) / Double(max(1, steps))
            let x = Int((a.x + (b.x - a.x) * t).rounded(.down)), y = Int((a.y + (b.y - a.y) * t).rounded(.down))
            for dy in -half..<(thickness - half) {
                for dx in -half..<(thickness - half) { set(x + dx, y + dy, colour) }
            }
        }
    }
}

/// A colour of 8 bits a channel.
public struct RGB: Equatable, Hashable, Sendable {
    public var red: UInt8, green: UInt8, blue: UInt8

    public init(_ red: UInt8, _ green: UInt8, _ blue: UInt8) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    public static let white = RGB(255, 255, 255)
    public static let black = RGB(0, 0, 0)

    /// Rec. 601 luma.
    public var luminance: UInt8 {
        let weighted: Int = 299 * Int(red) + 587 * Int(green) + 114 * Int(blue)
        return UInt8((weighted + 500) / 1000)
    }
}
