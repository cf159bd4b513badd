import HandwritingAPI
import XCTest

final class ReadingOrderTests: XCTestCase {
    private func rect(_ x0: Int, _ y0: Int, _ x1: Int, _ y1: Int) -> Rect { Rect(x0: x0, y0: y0, x1: x1, y1: y1) }

    func testOneColumnTopToBottom() {
        let lines = [rect(10, 200, 500, 230), rect(10, 100, 500, 130), rect(12, 150, 480, 180)]
        XCTAssertEqual(ReadingOrder.order(lines), [1, 2, 0])
    }

    /// A heading across the page, two columns under it, a footer: each column is read whole.
    func testColumnsAreKeptTogether() {
        let heading = rect(50, 20, 950, 60)
        let left = [rect(50, 100, 450, 130), rect(50, 140, 450, 170), rect(50, 180, 300, 210)]
        let right = [rect(550, 100, 950, 130), rect(550, 140, 950, 170), rect(550, 180, 950, 210)]
        let footer = rect(50, 260, 950, 290)
        let lines = [right[1], left[2], footer, right[0], heading, left[0], right[2], left[1]]
        let order = ReadingOrder.order(lines).map { lines[$0] }
        XCTAssertEqual(order, [heading] + left + right + [footer])
    }

    /// A pull quote set across the gutter of two columns, with no layout blocks to go by
    /// (the PP-OCR engine's case, whose line boxes are grown until lines touch): the
    /// columns are still read whole, the quote after them.
    func testColumnsUnderAPullQuoteAreReadWholeThenTheQuote() {
        let left = (0..<8).map { rect(50, 100 + $0 * 40, 450, 145 + $0 * 40) }
        let right = (0..<8).map { rect(550, 100 + $0 * 40, 950, 145 + $0 * 40) }
        let quote = [rect(380, 220, 620, 260), rect(380, 255, 620, 295)]
        let lines = right.reversed() + quote + left
        let order = ReadingOrder.order(lines).map { lines[$0] }
        XCTAssertEqual(order, left + right + quote)
    }

    /// Lines of one paragraph, tilted so that their boxes overlap both ways: no gutter
    /// is invented; top to bottom.
    func testATiltedParagraphIsNotSplitIntoColumns() {
        let lines = (0..<6).map { rect(40 + $0 * 3, 100 + $0 * 30, 900 + $0 * 3, 145 + $0 * 30) }
        XCTAssertEqual(ReadingOrder.order(lines.reversed()), Array((0..<6).reversed()))
    }

    func testSideBySideLinesLeftToRight() {
        // Two lines on one row that touch: no gap to cut, still read left to right.
        let lines = [rect(300, 102, 600, 128), rect(10, 100, 310, 130)]
        XCTAssertEqual(ReadingOrder.order(lines), [1, 0])
    }

    func testEmptyAndSingle() {
        XCTAssertEqual(ReadingOrder.order([]), [])
        XCTAssertEqual(ReadingOrder.order([rect(0, 0, 1, 1)]), [0])
    }
}

final class PageTransformTests: XCTestCase {
    /// One clockwise quarter turn of a w x h image sends (x, y) to (h - y, x).
    func testQuarterTurnsMapBack() {
        let w = 400, h = 100
        let once = PageTransform(originalWidth: w, originalHeight: h, quarterTurns: 1, degrees: 0, workingWidth: h, workingHeight: w)
        XCTAssertEqual(once.toOriginal(x: Double(h - 30), y: 50), Point(x: 50, y: 30))
        let half = PageTransform(originalWidth: w, originalHeight: h, quarterTurns: 2, degrees: 0, workingWidth: w, workingHeight: h)
        XCTAssertEqual(half.toOriginal(x: Double(w - 50), y: Double(h - 30)), Point(x: 50, y: 30))
        let thrice = PageTransform(originalWidth: w, originalHeight: h, quarterTurns: 3, degrees: 0, workingWidth: h, workingHeight: w)
        // Three clockwise turns are one anticlockwise: (x, y) -> (y, w - x).
        XCTAssertEqual(thrice.toOriginal(x: 30, y: Double(w - 50)), Point(x: 50, y: 30))
    }

    /// A small clockwise rotation about the centres, onto a larger canvas, is undone.
    func testSmallRotationMapsBack() {
        let w = 1000, h = 400, degrees = 5.0
        let canvasW = 1100, canvasH = 500
        let t = PageTransform(originalWidth: w, originalHeight: h, quarterTurns: 0, degrees: degrees, workingWidth: canvasW, workingHeight: canvasH)
        let radians = degrees * .pi / 180
        for (x, y) in [(100.0, 50.0), (900.0, 350.0), (500.0, 200.0)] {
            let dx = x - Double(w) / 2, dy = y - Double(h) / 2
            let forwardX = dx * cos(radians) - dy * sin(radians) + Double(canvasW) / 2
            let forwardY = dx * sin(radians) + dy * cos(radians) + Double(canvasH) / 2
            XCTAssertEqual(t.toOriginal(x: forwardX, y: forwardY), Point(x: Int(x), y: Int(y)))
        }
    }

    func testIdentityGivesTheBoxCornersClockwise() {
        let t = PageTransform.identity(width: 50, height: 50)
        XCTAssertEqual(t.location(of: Rect(x0: 1, y0: 2, x1: 30, y1: 40)),
                       [Point(x: 1, y: 2), Point(x: 30, y: 2), Point(x: 30, y: 40), Point(x: 1, y: 40)])
    }
}

final class BlockReadingOrderTests: XCTestCase {
    private func rect(_ x0: Int, _ y0: Int, _ x1: Int, _ y1: Int) -> Rect { Rect(x0: x0, y0: y0, x1: x1, y1: y1) }

    /// Two columns whose lines align; a caption (block 2) straddles the gutter below
    /// them, so no cut separates the columns there. Blocks keep each column whole.
    func testBlocksKeepColumnsWholeWhenACaptionBridgesTheGutter() {
        let boxes = [rect(0, 0, 400, 30), rect(0, 40, 400, 70),        // block 0: left column
                     rect(500, 0, 900, 30), rect(500, 40, 900, 70),    // block 1: right column
                     rect(350, 80, 550, 100),                           // block 2: caption across the gutter
                     rect(0, 110, 400, 140), rect(500, 110, 900, 140)]  // blocks 3 and 4: columns go on
        let blocks = [0, 0, 1, 1, 2, 3, 4]
        XCTAssertEqual(ReadingOrder.order(boxes, blocks: blocks), [0, 1, 2, 3, 4, 5, 6])
        XCTAssertNotEqual(ReadingOrder.order(boxes), [0, 1, 2, 3, 4, 5, 6], "line by line the columns interleave")
    }

    /// Within a block the engine's order stands: vertical lines of a page turned a
    /// quarter clockwise read right to left.
    func testLinesInABlockKeepTheEnginesOrder() {
        let boxes = [rect(300, 0, 330, 400), rect(250, 0, 280, 400), rect(200, 0, 230, 300)]
        XCTAssertEqual(ReadingOrder.order(boxes, blocks: [0, 0, 0]), [0, 1, 2])
    }
}
