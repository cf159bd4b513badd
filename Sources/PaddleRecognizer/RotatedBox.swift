import Foundation

/// A rectangle at any angle: its centre, the unit vector along its first side, and
/// the lengths of its sides along that vector (`length`) and across it (`breadth`).
struct RotatedBox: Equatable {
    var centerX: Double, centerY: Double
    var axisX: Double, axisY: Double
    var length: Double, breadth: Double

    var shortSide: Double { min(length, breadth) }
    var area: Double { length * breadth }

    /// The same box grown by `distance` on every side.
    func grown(by distance: Double) -> RotatedBox {
        RotatedBox(centerX: centerX, centerY: centerY, axisX: axisX, axisY: axisY,
                   length: length + 2 * distance, breadth: breadth + 2 * distance)
    }

    /// The same box with every coordinate multiplied by `sx`, `sy` (a box of a scaled
    /// image mapped back). Axes stay perpendicular only when `sx == sy`, so the corners
    /// are what is scaled; use `corners(scaledBy:)`.
    func corners(scaledBy sx: Double = 1, _ sy: Double = 1) -> [(x: Double, y: Double)] {
        let ax = axisX * length / 2, ay = axisY * length / 2
        let bx = -axisY * breadth / 2, by = axisX * breadth / 2
        let raw = [(centerX - ax - bx, centerY - ay - by), (centerX + ax - bx, centerY + ay - by),
                   (centerX + ax + bx, centerY + ay + by), (centerX - ax + bx, centerY - ay + by)]
        return Self.clockwiseFromTopLeft(raw.map { (x: $0.0 * sx, y: $0.1 * sy) })
    }

    /// Whether `x`, `y` is inside the box.
    func contains(_ x: Double, _ y: Double) -> Bool {
        let dx = x - centerX, dy = y - centerY
        let along = dx * axisX + dy * axisY, across = -dx * axisY + dy * axisX
        return abs(along) <= length / 2 && abs(across) <= breadth / 2
    }

    /// Four corners ordered top-left, top-right, bottom-right, bottom-left: of the two
    /// leftmost corners the upper is top-left, of the two rightmost the upper is top-right.
    static func clockwiseFromTopLeft(_ points: [(x: Double, y: Double)]) -> [(x: Double, y: Double)] {
        let byX = points.sorted { $0.x == $1.x ? $0.y < $1.y : $0.x < $1.x }
        let left = byX[0].y <= byX[1].y ? (byX[0], byX[1]) : (byX[1], byX[0])
        let right = byX[2].y <= byX[3].y ? (byX[2], byX[3]) : (byX[3], byX[2])
        return [left.0, right.0, right.1, left.1]
    }

    /// The smallest-area rectangle holding every point (rotating calipers over the
    /// convex hull); nil for no points.
    static func enclosing(_ points: [(x: Double, y: Double)]) -> RotatedBox? {
        let hull = convexHull(points)
        guard let first = hull.first else { return nil }
        guard hull.count > 1 else {
            return RotatedBox(centerX: first.x, centerY: first.y, axisX: 1, axisY: 0, length: 0, breadth: 0)
        }
        var best: RotatedBox?
        for index in hull.indices {
            let a = hull[index], b = hull[(index + 1) % hull.count]
            let edge = hypot(b.x - a.x, b.y - a.y)
            guard edge > 0 else { continue }
            let ux = (b.x - a.x) / edge, uy = (b.y - a.y) / edge
            var minU = Double.infinity, maxU = -Double.infinity, minV = Double.infinity, maxV = -Double.infinity
            for p in hull {
                let u = p.x * ux + p.y * uy, v = -p.x * uy + p.y * ux
                minU = min(minU, u); maxU = max(maxU, u)
                minV = min(minV, v); maxV = max(maxV, v)
            }
            let length = maxU - minU, breadth = maxV - minV
            if best == nil || length * breadth < best!.area {
                let cu = (minU + maxU) / 2, cv = (minV + maxV) / 2
                best = RotatedBox(centerX: cu * ux - cv * uy, centerY: cu * uy + cv * ux,
                                  axisX: ux, axisY: uy, length: length, breadth: breadth)
            }
        }
        return best
    }

    /// Andrew's monotone chain; the hull anticlockwise in a y-up frame, without repeats.
    static func convexHull(_ points: [(x: Double, y: Double)]) -> [(x: Double, y: Double)] {
        let sorted = points.sorted { $0.x == $1.x ? $0.y < $1.y : $0.x < $1.x }
        guard sorted.count > 2 else { return sorted }
        func cross(_ o: (x: Double, y: Double), _ a: (x: Double, y: Double), _ b: (x: Double, y: Double)) -> Double {
            (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x)
        }
        var lower: [(x: Double, y: Double)] = []
        for p in sorted {
            while lower.count >= 2, cross(lower[lower.count - 2], lower[lower.count - 1], p) <= 0 { lower.removeLast() }
            lower.append(p)
        }
        var upper: [(x: Double, y: Double)] = []
        for p in sorted.reversed() {
            while upper.count >= 2, cross(upper[upper.count - 2], upper[upper.count - 1], p) <= 0 { upper.removeLast() }
            upper.append(p)
        }
        return Array(lower.dropLast() + upper.dropLast())
    }
}
