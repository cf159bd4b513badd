import EngineThreads
import Foundation
import HandwritingAPI
import Leptonica

/// One recognising thread's PP-OCR: its own detector, classifier and recognizer
/// sessions, created once, on the runtime's shared thread pool.
final class PaddleWorker {
    /// Lines read with a lower mean probability are dropped as noise (PP-OCR's `text_score`).
    static let lowestConfidence = 0.5
    /// A box this much taller than wide holds text running down the page.
    static let verticalAspect = 1.5

    private let runtime: OnnxRuntime
    private let models: ModelSet
    private let reader: LineReader
    // Loaded at the first page: a run of lines in quick mode never needs them.
    private var loadedDetector: TextDetector?
    private var loadedClassifier: LineClassifier?

    init(runtime: OnnxRuntime, models: ModelSet) throws(PaddleSetupError) {
        self.runtime = runtime
        self.models = models
        reader = try LineReader(session: try runtime.session(model: models.recognizer))
    }

    private var detector: TextDetector {
        get throws(PaddleSetupError) {
            try loaded(&loadedDetector) { () throws(PaddleSetupError) in
                TextDetector(session: try runtime.session(model: models.detector))
            }
        }
    }

    private var classifier: LineClassifier {
        get throws(PaddleSetupError) {
            try loaded(&loadedClassifier) { () throws(PaddleSetupError) in
                LineClassifier(session: try runtime.session(model: models.classifier))
            }
        }
    }

    /// What `slot` holds, made by `make` the first time.
    private func loaded<Model>(_ slot: inout Model?, _ make: () throws(PaddleSetupError) -> Model) throws(PaddleSetupError) -> Model {
        if let slot { return slot }
        let made = try make()
        slot = made
        return made
    }

    /// A page read, or offered to another engine once `handOver` had seen a sample of
    /// its lines, with what was found so far kept for `finish`.
    enum Outcome {
        case blocks([WordsBlock])
        case offered(PartRead)
    }

    /// A page part-read: its lines found and those read so far, in the working image.
    struct PartRead {
        var transform: PageTransform
        var pixels: PixelImage
        var boxes: [RotatedBox]
        var lines: [Line?]
        var mask: [Int]?
    }

    /// The page's blocks, or the page offered when `handOver` asked for it.
    func recognize(_ data: Data, options: RecognitionOptions, handOver: HandOver? = nil) throws(ServiceError) -> Outcome {
        guard let image = Image(decoding: data) else {
            throw ServiceError.poorImage.explained("the image could not be decoded")
        }
        do {
            defer { if !options.quickMode { handBackMemory() } }
            return try recognize(consume image, options: options, handOver: handOver)
        } catch {
            throw ServiceError.recognitionFailed.explained(error.description)
        }
    }

    /// Reads `original`, which is let go of as soon as the page has been turned or levelled.
    func recognize(_ original: consuming Image, options: RecognitionOptions, handOver: HandOver? = nil) throws(PaddleSetupError) -> Outcome {
        let mask = reader.mask(allowing: options.charSet.allowedCharacters)
        if options.quickMode {
            return .blocks(try readWhole(original, mask: mask, detectDirection: options.detectDirection))
        }
        let page: Upright
        if options.detectDirection {
            page = try upright(consume original)
        } else {
            page = Upright(image: original, transform: .identity(width: original.width, height: original.height), seen: nil)
        }
        let image = page.image
        guard let pixels = page.seen?.pixels ?? Self.pixels(of: image) else { return .blocks([]) }
        let boxes: [RotatedBox]
        if let seen = page.seen { boxes = seen.boxes } else { boxes = try detector.detect(in: image) }
        var part = PartRead(transform: page.transform, pixels: pixels, boxes: boxes,
                            lines: Array(repeating: nil, count: boxes.count), mask: mask)
        if let handOver {
            // The longest lines tell most about the page: read them first.
            let sample = Array(boxes.indices.sorted { max(boxes[$0].length, boxes[$0].breadth) > max(boxes[$1].length, boxes[$1].breadth) }
                .prefix(Self.surveyLines))
            for (index, line) in zip(sample, try read(sample.map { boxes[$0] }, in: pixels, mask: mask)) { part.lines[index] = line }
            let survey = PageSurvey(lines: sample.compactMap { part.lines[$0] }, total: boxes.count)
            if handOver(survey) { return .offered(part) }
        }
        return .blocks(try finish(part))
    }

    /// What a page's working memory took, handed back to the system once the page is
    /// done (or offered): a server reading large pages now and then should not keep
    /// the largest page's memory between them.
    func handBackMemory() {
        try? classifier.handBackMemory()
        ProcessMemory.handBackFreeMemory()
    }

    /// Reads the lines of `part` not read yet and answers the page's blocks in reading order.
    func finish(_ part: PartRead) throws(PaddleSetupError) -> [WordsBlock] {
        var lines = part.lines
        let unread = part.boxes.indices.filter { lines[$0] == nil }
        for (index, line) in zip(unread, try read(unread.map { part.boxes[$0] }, in: part.pixels, mask: part.mask)) { lines[index] = line }
        let kept = lines.compactMap { $0 }.filter {
            !$0.reading.text.trimmingCharacters(in: .whitespaces).isEmpty && $0.reading.confidence >= Self.lowestConfidence
        }
        let order = ReadingOrder.order(Self.boundsAsRead(kept))
        return order.map { index in
            let line = kept[index]
            let location = line.corners.map { part.transform.toOriginal(x: $0.x, y: $0.y) }
            return WordsBlock(words: LatinCase.mended(line.reading.text.trimmingCharacters(in: .whitespaces)),
                              confidence: line.reading.confidence, location: location)
        }
    }

    /// The lines' bounds in the page's reading frame: the page as its text reads, so
    /// that on a page lying on its side the lines (running down it) are ordered as the
    /// text goes (from the right, when they run down; from the left, when they run up).
    /// The frame is the direction most of the text (by length) runs in, to a quarter turn.
    static func boundsAsRead(_ lines: [Line]) -> [Rect] {
        var weights = [Double](repeating: 0, count: 4)  // text running right, down, left, up
        for line in lines {
            let quarter = abs(line.direction.x) >= abs(line.direction.y)
                ? (line.direction.x >= 0 ? 0 : 2) : (line.direction.y >= 0 ? 1 : 3)
            weights[quarter] += line.length
        }
        let quarter = weights.indices.max { weights[$0] < weights[$1] } ?? 0
        let u: (x: Double, y: Double) = [(1, 0), (0, 1), (-1, 0), (0, -1)][quarter]
        let v = (x: -u.y, y: u.x)  // from one line to the next: u turned a quarter clockwise
        let mapped = lines.map { line in line.corners.map { (x: $0.x * u.x + $0.y * u.y, y: $0.x * v.x + $0.y * v.y) } }
        // Shifted to positive coordinates (reading order compares them only with each other).
        let left = mapped.joined().map(\.x).min() ?? 0, top = mapped.joined().map(\.y).min() ?? 0
        return mapped.map { corners in bounds(of: corners.map { (x: $0.x - left, y: $0.y - top) }) }
    }

    /// Lines read before `handOver` is asked.
    static let surveyLines = 8

    /// Quick mode: the whole image is one line, read without detection.
    private func readWhole(_ image: Image, mask: [Int]?, detectDirection: Bool) throws(PaddleSetupError) -> [WordsBlock] {
        guard let pixels = Self.pixels(of: image) else { return [] }
        let ink = Self.ink(of: pixels)
        let frame = ink?.frame ?? CropFrame.whole(width: image.width, height: image.height)
        var reading = try reader.read([frame], in: pixels, allowed: mask)[0]
        if detectDirection {
            // Upside down or not, as for a page: the recognizer's confidence both ways up.
            let turned = try reader.read([frame.turnedHalf], in: pixels, allowed: mask)[0]
            if turned.confidence > reading.confidence + Self.orientationMargin { reading = turned }
        }
        let text = LatinCase.mended(reading.text.trimmingCharacters(in: .whitespaces))
        guard !text.isEmpty else { return [] }
        let box = ink?.box ?? Rect(x0: 0, y0: 0, x1: image.width, y1: image.height)
        return [WordsBlock(words: text, confidence: reading.confidence, location: box.corners)]
    }

    /// The line's ink (its box, as the line's location) and the frame read: the ink
    /// and a small margin, when the ink fills well under the image's height. The
    /// recognizer scales its input to 48 pixels high, so wide margins would shrink the
    /// characters (a sample line, 129 pixels high with 40 of ink, read "ARCHNE. 2 mARCH"
    /// whole and "ARCHIVE, 12 MARCH" cut to its ink). Lines cut tightly already, as in
    /// ../shared/eval-real, are read as they are, and located as the whole image.
    static func ink(of image: PixelImage) -> (box: Rect, frame: CropFrame)? {
        guard let ink = image.inkBounds(), ink.height * 3 < image.height * 2 else { return nil }
        let margin = max(2, ink.height / 10)
        let x0 = max(0, ink.x - margin), y0 = max(0, ink.y - margin)
        let x1 = min(image.width, ink.x + ink.width + margin), y1 = min(image.height, ink.y + ink.height + margin)
        let frame = CropFrame(originX: Double(x0), originY: Double(y0), ux: 1, uy: 0, vx: 0, vy: 1,
                              width: Double(x1 - x0), height: Double(y1 - y0))
        return (Rect(x0: ink.x, y0: ink.y, x1: ink.x + ink.width, y1: ink.y + ink.height), frame)
    }

    /// A detected line: its box's corners (clockwise from top-left), the direction its
    /// text runs in as it was read (a unit vector in the page), its length, and what it read.
    struct Line {
        var corners: [(x: Double, y: Double)]
        var direction: (x: Double, y: Double)
        var length: Double
        var reading: LineReader.Reading
    }

    /// Each box cut out as a line (text running down the page turned to read across,
    /// upside-down lines turned round) and read.
    private func read(_ boxes: [RotatedBox], in pixels: PixelImage, mask: [Int]?) throws(PaddleSetupError) -> [Line] {
        let corners = boxes.map { $0.corners() }
        var frames = corners.map { corners in
            let frame = CropFrame(corners: corners)
            return frame.height >= frame.width * Self.verticalAspect ? frame.turnedAnticlockwise : frame
        }
        for index in try upsideDown(frames, in: pixels) { frames[index] = frames[index].turnedHalf }
        let readings = try reader.read(frames, in: pixels, allowed: mask)
        return corners.indices.map { index in
            let frame = frames[index]
            return Line(corners: corners[index], direction: (frame.ux, frame.uy), length: frame.width, reading: readings[index])
        }
    }

    /// The lines to turn round. The classifier alone is sure of too much: on the sample
    /// letter (a handwriting font) it calls one upright line of seven upside down. Lines
    /// of a page almost always share one orientation, so only when most of the page's
    /// text (by length) is upside down are its upside-down lines turned.
    private func upsideDown(_ frames: [CropFrame], in pixels: PixelImage) throws(PaddleSetupError) -> [Int] {
        let flipped = try classifier.upsideDown(frames, in: pixels)
        let turned = frames.indices.filter { flipped[$0] }
        let share = turned.reduce(0) { $0 + frames[$1].width } / max(frames.reduce(0) { $0 + $1.width }, 1)
        return share > 0.5 ? turned : []
    }

    /// The page turned by quarter turns so that its lines run left to right the right
    /// way up, then deskewed, with the transform back to the original.
    ///
    /// Lines the detector finds mostly taller than wide mean the page lies on its side:
    /// it is turned a quarter clockwise. Whether it is then upside down, the recognizer
    /// tells: it reads the page's longest lines both ways up, and reads text the wrong
    /// way up with far less confidence. (The orientation classifier was not trusted
    /// with this: on the sample letter, in a handwriting font, it called an upside-down
    /// page upright.)
    func upright(_ original: consuming Image) throws(PaddleSetupError) -> Upright {
        let originalWidth = original.width, originalHeight = original.height
        var image = copy original
        var quarterTurns = 0
        var seen: (boxes: [RotatedBox], pixels: PixelImage)?
        var boxes = try detector.detect(in: original)
        let tall = boxes.filter(Self.isVertical).reduce(0) { $0 + max($1.length, $1.breadth) }
        let all = boxes.reduce(0) { $0 + max($1.length, $1.breadth) }
        if all > 0, tall * 2 > all, let turned = original.turned(quarterTurns: 1) {
            image = turned
            quarterTurns = 1
            boxes = try detector.detect(in: image)
        }
        if let pixels = Self.pixels(of: image), !boxes.isEmpty {
            seen = (boxes, pixels)
            let longest = boxes.sorted { max($0.length, $0.breadth) > max($1.length, $1.breadth) }.prefix(Self.orientationLines)
            let frames = longest.map { CropFrame(corners: $0.corners()) }
            let asIs = try reader.read(frames, in: pixels, allowed: nil)
            let turnedRound = try reader.read(frames.map(\.turnedHalf), in: pixels, allowed: nil)
            if Self.confidence(of: turnedRound) > Self.confidence(of: asIs) + Self.orientationMargin,
               let turned = original.turned(quarterTurns: quarterTurns + 2)
            {
                image = turned
                quarterTurns += 2
                seen = nil
            }
        }
        // Only `image` is needed from here on: a page turned or levelled is not held twice.
        _ = consume original
        var degrees = 0.0
        if let angle = image.levelAngle() {
            // What was seen belongs to the page before levelling: let go of its pixels
            // before the levelled copy is made rather than hold both.
            seen = nil
            if let level = image.rotated(degrees: angle) {
                image = level
                degrees = angle
            }
        }
        let transform = PageTransform(originalWidth: originalWidth, originalHeight: originalHeight,
                                      quarterTurns: quarterTurns, degrees: degrees,
                                      workingWidth: image.width, workingHeight: image.height)
        return Upright(image: image, transform: transform, seen: seen)
    }

    /// A page the right way up, and what was already found on it when no turn or
    /// deskew came after the last detection (so that it is not detected twice).
    struct Upright {
        var image: Image
        var transform: PageTransform
        var seen: (boxes: [RotatedBox], pixels: PixelImage)?
    }

    /// Lines read both ways up to tell whether a page is upside down, and how much more
    /// confident the reading turned round must be.
    static let orientationLines = 6
    static let orientationMargin = 0.05

    /// Mean probability of the characters read, weighted by line length.
    static func confidence(of readings: [LineReader.Reading]) -> Double {
        let characters = readings.reduce(0) { $0 + $1.text.count }
        guard characters > 0 else { return 0 }
        return readings.reduce(0) { $0 + $1.confidence * Double($1.text.count) } / Double(characters)
    }

    private static func isVertical(_ box: RotatedBox) -> Bool {
        let frame = CropFrame(corners: box.corners())
        return frame.height >= frame.width * verticalAspect
    }

    private static func pixels(of image: Image) -> PixelImage? {
        image.rgbPixels().map { PixelImage(width: $0.width, height: $0.height, rgb: $0.pixels) }
    }

    private static func bounds(of corners: [(x: Double, y: Double)]) -> Rect {
        Rect(x0: Int(corners.map(\.x).min()!.rounded(.down)), y0: Int(corners.map(\.y).min()!.rounded(.down)),
             x1: Int(corners.map(\.x).max()!.rounded(.up)), y1: Int(corners.map(\.y).max()!.rounded(.up)))
    }
}
