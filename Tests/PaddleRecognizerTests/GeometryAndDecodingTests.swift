import Foundation
import HandwritingAPI
@testable import PaddleRecognizer
import Testing

/// The parts of the pipeline that are plain arithmetic, on data made here.
struct GeometryAndDecodingTests {
    @Test func theSmallestRectangleAroundATurnedRectangleIsThatRectangle() throws {
        // A 100 x 20 rectangle turned 30° about (200, 100), as a cloud of points on its edges and inside.
        let angle = 30.0 * .pi / 180
        var points: [(x: Double, y: Double)] = []
        for u in stride(from: -50.0, through: 50, by: 5) {
            for v in stride(from: -10.0, through: 10, by: 5) {
                points.append((200 + u * cos(angle) - v * sin(angle), 100 + u * sin(angle) + v * cos(angle)))
            }
        }
        let box = try #require(RotatedBox.enclosing(points))
        #expect(abs(box.area - 2000) < 1)
        #expect(abs(max(box.length, box.breadth) - 100) < 0.01 && abs(min(box.length, box.breadth) - 20) < 0.01)
        #expect(abs(box.centerX - 200) < 0.01 && abs(box.centerY - 100) < 0.01)
        let corners = box.corners()
        // Clockwise from the top-left: the leftmost corner and then on round.
        #expect(corners[0].x < corners[1].x && corners[1].y < corners[2].y)
    }

    @Test func detectionFindsEachRegionAndGrowsItBack() {
        // A 200 x 60 probability map with two bars of text, 100 x 6 and 40 x 6, and noise below the box threshold.
        let width = 200, height = 60
        var map = [Float](repeating: 0.05, count: width * height)
        for y in 10..<16 { for x in 20..<120 { map[y * width + x] = 0.9 } }
        for y in 40..<46 { for x in 150..<190 { map[y * width + x] = 0.8 } }
        map[55 * width + 5] = 0.4  // one pixel: too small to be a line
        let boxes = TextDetector.Settings().regions(probability: map, width: width, height: height).sorted { $0.centerY < $1.centerY }
        #expect(boxes.count == 2)
        // Grown by area x 1.6 / perimeter on every side (the dilation adds a pixel right and down).
        let first = boxes[0]
        #expect(abs(first.centerX - 70) < 1.5 && abs(first.centerY - 13) < 1.5)
        let distance = 100.0 * 6 * 1.6 / (2 * (100 + 6))
        #expect(abs(min(first.length, first.breadth) - (6 + 2 * distance)) < 2)
    }

    @Test func ctcDecodingMergesRepeatsDropsBlanksAndHonoursTheMask() {
        let reader = CTCDecoder(classes: ["blank", "a", "b", "1", " "])
        // Steps: a a blank a b b 1 — "aab1" with the repeat merged inside a run only.
        let best = [1, 1, 0, 1, 2, 2, 3]
        var values: [Float] = []
        for index in best { values += (0..<5).map { $0 == index ? 0.8 : 0.05 } }
        values[6 * 5 + 2] = 0.6  // the last step's second choice is "b"
        let plain = values.withUnsafeBufferPointer { reader.decode($0, offset: 0, steps: 7, mask: nil) }
        #expect(plain.text == "aab1")
        #expect(abs(plain.confidence - 0.8) < 1e-6)
        let letters = values.withUnsafeBufferPointer { reader.decode($0, offset: 0, steps: 7, mask: reader.mask(allowing: "ab")) }
        #expect(letters.text == "aab", "the digit is masked out before decoding, so the step's 'b' merges with the run before it")
        #expect(reader.mask(allowing: "1") == [0, 3, 4])
    }

    @Test func batchWidthsFollowPaddleOCR() {
        #expect(LineReader.tensorWidth(widestAspect: 2) == 320)
        #expect(LineReader.tensorWidth(widestAspect: 584.0 / 69) == 406)
        #expect(LineReader.scaledWidth(aspect: 584.0 / 69) == 406)
        #expect(LineReader.scaledWidth(aspect: 2) == 96)
        // Large pages scaled down to 2000 on the longer side; small ones up to 736 on the
        // shorter, unless the longer would pass 2000; then each side rounded to the
        // nearest multiple of 32 (2000 is 62.5 of them).
        #expect(TextDetector.modelSize(width: 4000, height: 3000, shortestSide: 736, longestSide: 2000) == (2016, 1504))
        #expect(TextDetector.modelSize(width: 600, height: 400, shortestSide: 736, longestSide: 2000) == (1120, 736))
        #expect(TextDetector.modelSize(width: 1000, height: 800, shortestSide: 736, longestSide: 2000) == (992, 800))
        #expect(TextDetector.modelSize(width: 300, height: 40, shortestSide: 736, longestSide: 2000) == (2016, 256))
    }

    @Test func quarterAndHalfTurnsOfACropFrame() {
        let frame = CropFrame.whole(width: 30, height: 10)
        let half = frame.turnedHalf
        #expect(half.originX == 30 && half.originY == 10 && half.ux == -1 && half.vy == -1)
        let quarter = frame.turnedAnticlockwise
        #expect(quarter.width == 10 && quarter.height == 30 && quarter.originX == 30 && quarter.ux == 0 && quarter.uy == 1)
    }

    /// Lines are ordered in the frame their text reads in: on a page lying on its side
    /// with the text running up, the first line is the leftmost; running down, the rightmost.
    @Test func linesOnAPageOnItsSideAreOrderedAsTheTextReads() {
        // Three vertical lines 40 px apart, each 20 wide and 200 long, corners clockwise from top-left.
        func line(x: Double, direction: (x: Double, y: Double)) -> PaddleWorker.Line {
            PaddleWorker.Line(corners: [(x, 0), (x + 20, 0), (x + 20, 200), (x, 200)], direction: direction, length: 200,
                              reading: .init(text: "x", confidence: 1))
        }
        let xs = [100.0, 60, 20]
        let down = xs.map { line(x: $0, direction: (0, 1)) }
        let up = xs.map { line(x: $0, direction: (0, -1)) }
        #expect(ReadingOrder.order(PaddleWorker.boundsAsRead(down)) == [0, 1, 2], "running down: right to left")
        #expect(ReadingOrder.order(PaddleWorker.boundsAsRead(up)) == [2, 1, 0], "running up: left to right")
        let across = [0.0, 40, 80].map { y in
            PaddleWorker.Line(corners: [(0, y), (200, y), (200, y + 20), (0, y + 20)], direction: (1, 0), length: 200,
                              reading: .init(text: "x", confidence: 1))
        }
        #expect(ReadingOrder.order(PaddleWorker.boundsAsRead(across)) == [0, 1, 2], "upright: top to bottom")
    }
}
