/// Orders text lines as a person reads a page: left to right, top to bottom, with
/// columns kept together. A recursive XY-cut: at each level the set of lines is
/// split in two at its widest empty gap, across the page (the upper part read first)
/// or down it (the left part read first), until no gap is left; the lines
/// that remain are read top to bottom, side-by-side ones left to right.
public enum ReadingOrder {
    /// Indices into `boxes`, in reading order.
    public static func order(_ boxes: [Rect]) -> [Int] {
        var result: [Int] = []
        result.reserveCapacity(boxes.count)
        cut(Array(boxes.indices), boxes, into: &result)
        return result
    }

    /// Indices into `boxes`, in reading order, where `blocks[i]` names the layout block
    /// (a column piece, a caption) line `i` belongs to, as an engine's layout analysis
    /// found it. Blocks are ordered as lines are above, by their bounding boxes; each
    /// block's lines stay together in the order the engine gave them, which knows the
    /// block's text direction (a page turned a quarter reads its lines right to left).
    /// A caption straddling two columns then costs one misplaced block rather than two
    /// columns read line by line across.
    public static func order(_ boxes: [Rect], blocks: [Int]) -> [Int] {
        precondition(boxes.count == blocks.count)
        var members: [Int: [Int]] = [:]
        var blockOrder: [Int] = []
        for (line, block) in blocks.enumerated() {
            if members[block] == nil { blockOrder.append(block) }
            members[block, default: []].append(line)
        }
        let extents = blockOrder.map { block in
            members[block]!.map { boxes[$0] }.reduce(boxes[members[block]![0]]) { $0.union($1) }
        }
        return order(extents).flatMap { members[blockOrder[$0]]! }
    }

    private static func cut(_ items: [Int], _ boxes: [Rect], into result: inout [Int]) {
        guard items.count > 1 else {
            result.append(contentsOf: items)
            return
        }
        let bands = split(items, boxes, start: { $0.y0 }, end: { $0.y1 })
        let columns = split(items, boxes, start: { $0.x0 }, end: { $0.x1 })
        let parts: [[Int]]
        switch (bands, columns) {
        case (nil, nil):
            if let bridged = columnsUnderBridges(items, boxes) {
                // A pull quote or a caption set across the gutter: the columns first, then it.
                for part in bridged.columns + [bridged.bridges] { cut(part, boxes, into: &result) }
            } else {
                result.append(contentsOf: readRemaining(items, boxes))
            }
            return
        case (let b?, nil): parts = b.groups
        case (nil, let c?): parts = c.groups
        case (let b?, let c?): parts = c.widestGap > b.widestGap ? c.groups : b.groups
        }
        for part in parts { cut(part, boxes, into: &result) }
    }

    /// The items on either side of the widest empty gap along one axis, and its width;
    /// nil when the projections of all items overlap into one run. Cutting only at the
    /// widest gap matters: cutting at every gap at once would slice two columns whose
    /// lines happen to align into rows.
    private static func split(_ items: [Int], _ boxes: [Rect], start: (Rect) -> Int, end: (Rect) -> Int)
        -> (groups: [[Int]], widestGap: Int)?
    {
        let sorted = items.sorted { (start(boxes[$0]), end(boxes[$0]), $0) < (start(boxes[$1]), end(boxes[$1]), $1) }
        var reach = end(boxes[sorted[0]])
        var widest: (gap: Int, at: Int)?
        for position in 1..<sorted.count {
            let box = boxes[sorted[position]]
            if start(box) >= reach, start(box) - reach > (widest?.gap ?? -1) {
                widest = (start(box) - reach, position)
            }
            reach = max(reach, end(box))
        }
        guard let widest else { return nil }
        return ([Array(sorted[..<widest.at]), Array(sorted[widest.at...])], widest.gap)
    }

    /// Two columns whose gutter only a few items cross (at most one in five, and fewer
    /// than half of either column): the items wholly left of it, wholly right of it, and
    /// the ones across it; nil when no such gutter exists (the lines of one paragraph
    /// cross any vertical line through them).
    private static func columnsUnderBridges(_ items: [Int], _ boxes: [Rect]) -> (columns: [[Int]], bridges: [Int])? {
        guard items.count >= 5 else { return nil }
        let allowed = max(2, items.count / 5)
        var best: (columns: [[Int]], bridges: [Int])?
        for gutter in Set(items.map { boxes[$0].x1 }) {
            var left: [Int] = [], right: [Int] = [], bridges: [Int] = []
            for item in items {
                if boxes[item].x1 <= gutter { left.append(item) }
                else if boxes[item].x0 >= gutter { right.append(item) }
                else { bridges.append(item) }
            }
            guard bridges.count <= allowed, bridges.count * 2 < min(left.count, right.count), left.count >= 2, right.count >= 2 else { continue }
            if best == nil || bridges.count < best!.bridges.count { best = ([left, right], bridges) }
        }
        return best
    }

    /// Lines that overlap in both directions: by vertical centre, and lines whose
    /// centres sit within half a line of each other left to right.
    private static func readRemaining(_ items: [Int], _ boxes: [Rect]) -> [Int] {
        func centre(_ i: Int) -> Int { boxes[i].y0 + boxes[i].y1 }  // doubled, to stay in integers
        return items.sorted { a, b in
            let tolerance = min(boxes[a].height, boxes[b].height)  // half a line, doubled
            if abs(centre(a) - centre(b)) <= tolerance, boxes[a].x0 != boxes[b].x0 {
                return boxes[a].x0 < boxes[b].x0
            }
            return (centre(a), a) < (centre(b), b)
        }
    }
}
