/// An axis-aligned rectangle in pixels, `x0 <= x < x1`, `y0 <= y < y1`.
public struct Rect: Equatable, Hashable, Sendable {
    public var x0: Int, y0: Int, x1: Int, y1: Int

    public init(x0: Int, y0: Int, x1: Int, y1: Int) {
        self.x0 = x0; self.y0 = y0; self.x1 = x1; self.y1 = y1
    }

    public var width: Int { x1 - x0 }

    /// The same rectangle moved by `x`, `y`.
    public func offset(x: Int, y: Int) -> Rect {
        Rect(x0: x0 + x, y0: y0 + y, x1: x1 + x, y1: y1 + y)
    }

    /// The smallest rectangle holding both.
    public func union(_ other: Rect) -> Rect {
        Rect(x0: min(x0, other.x0), y0: min(y0, other.y0), x1: max(x1, other.x1), y1: max(y1, other.y1))
    }
    public var height: Int { y1 - y0 }

    /// The four corners, clockwise from top-left, as the contract lists them.
    public var corners: [Point] {
        [Point(x: x0, y: y0), Point(x: x1, y: y0), Point(x: x1, y: y1), Point(x: x0, y: y1)]
    }
}

/// A rigid transform from the pixels an engine worked on back to the pixels of
/// the image as sent: the engine may have turned the page by quarter turns and
/// then by a small angle, each about the centre, with the canvas grown to fit.
public struct PageTransform: Equatable, Sendable {
    /// Size of the image as sent.
    public var originalWidth: Int
    public var originalHeight: Int
    /// Quarter turns clockwise applied first.
    public var quarterTurns: Int
    /// Then a rotation by this many degrees (clockwise positive on screen, y down),
    /// about the centre, onto a canvas of `workingWidth` x `workingHeight`.
    public var degrees: Double
    public var workingWidth: Int
    public var workingHeight: Int

    public static func identity(width: Int, height: Int) -> PageTransform {
        PageTransform(originalWidth: width, originalHeight: height, quarterTurns: 0, degrees: 0,
                      workingWidth: width, workingHeight: height)
    }

    public init(originalWidth: Int, originalHeight: Int, quarterTurns: Int, degrees: Double,
                workingWidth: Int, workingHeight: Int) {
        self.originalWidth = originalWidth
        self.originalHeight = originalHeight
        self.quarterTurns = ((quarterTurns % 4) + 4) % 4
        self.degrees = degrees
        self.workingWidth = workingWidth
        self.workingHeight = workingHeight
    }

    /// Size after the quarter turns, before the small rotation.
    var turnedSize: (width: Int, height: Int) {
        quarterTurns % 2 == 0 ? (originalWidth, originalHeight) : (originalHeight, originalWidth)
    }

    /// A point of the working image, in the image as sent (rounded, clamped to it).
    public func toOriginal(x: Double, y: Double) -> Point {
        // Undo the small rotation about the centres of the two canvases.
        let turned = turnedSize
        let radians = -degrees * .pi / 180
        let dx = x - Double(workingWidth) / 2, dy = y - Double(workingHeight) / 2
        let ux = dx * cos(radians) - dy * sin(radians) + Double(turned.width) / 2
        let uy = dx * sin(radians) + dy * cos(radians) + Double(turned.height) / 2
        // Undo the quarter turns (each one clockwise: (x, y) -> (h - y, x)).
        var px = ux, py = uy
        var w = Double(turned.width), h = Double(turned.height)
        for _ in 0..<quarterTurns {
            // Inverse of one clockwise turn from a w' x h' image: (x', y') -> (y', w' - x').
            (px, py) = (py, w - px)
            (w, h) = (h, w)
        }
        let ox = min(max(px.rounded(), 0), Double(originalWidth))
        let oy = min(max(py.rounded(), 0), Double(originalHeight))
        return Point(x: Int(ox), y: Int(oy))
    }

    /// The working-image box as the contract's quadrilateral in the image as sent,
    /// clockwise starting from the corner that is top-left on the upright page.
    public func location(of box: Rect) -> [Point] {
        box.corners.map { toOriginal(x: Double($0.x), y: Double($0.y)) }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
