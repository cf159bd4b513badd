import Foundation

/// PP-OCR's line recognizer: a line image 48 pixels high in, per column a probability
/// for every character of the model's list (and the CTC blank) out, read greedily.
struct LineReader {
    /// What a line read as: its text and the mean probability of its characters.
    struct Reading: Equatable {
        var text: String
        var confidence: Double
    }

    static let lineHeight = 48
    /// Lines are padded to at least this width over height (the model's training shape, 320 x 48).
    static let narrowestAspect = 320.0 / 48.0
    /// Lines read together in one run, sorted by width first so that little padding is
    /// read. Larger batches were slower on 2 cores (timed during development, a page of
    /// 113 lines: 1.9 s in fours, 2.4 s in eights, 3.5 s in sixteens), as the padding
    /// grows faster than the savings.
    static let batchSize = 4

    let session: OnnxSession
    let decoder: CTCDecoder

    init(session: OnnxSession) throws(PaddleSetupError) {
        self.session = session
        guard let list = try session.metadata("character") else {
            throw .model("the recognizer has no character list in its metadata")
        }
        var characters = list.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if characters.last == "" { characters.removeLast() }
        decoder = CTCDecoder(classes: ["blank"] + characters + [" "])
    }

    func mask(allowing allowed: String?) -> [Int]? { decoder.mask(allowing: allowed) }

    /// As PaddleOCR sizes a batch: the widest line's width at the model's height, rounded
    /// down, and never narrower than the model's training shape; each line is scaled to
    /// its own width (`scaledWidth`, no wider than the batch's) and padded with zeros.
    static func tensorWidth(widestAspect: Double) -> Int {
        Int(Double(lineHeight) * max(narrowestAspect, widestAspect))
    }

    /// A line's width once scaled to the model's height, rounded up, within its batch's width.
    static func scaledWidth(aspect: Double) -> Int {
        max(1, min(tensorWidth(widestAspect: aspect), Int((Double(lineHeight) * aspect).rounded(.up))))
    }

    /// Reads every line in `frames` of `image`.
    func read(_ frames: [CropFrame], in image: PixelImage, allowed mask: [Int]?) throws(PaddleSetupError) -> [Reading] {
        var readings = [Reading](repeating: Reading(text: "", confidence: 0), count: frames.count)
        let order = frames.indices.sorted { frames[$0].aspect < frames[$1].aspect }
        var start = 0
        while start < order.count {
            let batch = Array(order[start..<min(start + Self.batchSize, order.count)])
            start += batch.count
            let widest = batch.map { frames[$0].aspect }.max() ?? Self.narrowestAspect
            let tensorWidth = Self.tensorWidth(widestAspect: widest)
            let slice = 3 * Self.lineHeight * tensorWidth
            var input = Tensor(shape: [batch.count, 3, Self.lineHeight, tensorWidth],
                               values: [Float](repeating: 0, count: batch.count * slice))
            for (position, index) in batch.enumerated() {
                let width = min(tensorWidth, Self.scaledWidth(aspect: frames[index].aspect))
                image.write(frames[index], width: width, height: Self.lineHeight, tensorWidth: tensorWidth,
                            into: &input.values, at: position * slice)
            }
            let classes = decoder.classes.count
            // Every batch hands back what the ones before it took: read narrowest first, the
            // arena would otherwise keep regions for each width as it grew (over 700 MiB on a
            // page of long lines). No slower: quire recognize on eight of ../shared/eval-real's
            // pages, timed both ways during development.
            let decoded: [Reading]? = try session.run(&input, releasingMemory: true) { shape, values in
                guard shape.count == 3, shape[0] == batch.count, shape[2] == classes else { return nil }
                return batch.indices.map { position in
                    decoder.decode(values, offset: position * shape[1] * classes, steps: shape[1], mask: mask)
                }
            }
            guard let decoded else {
                throw .model("the recognizer's output does not fit \(batch.count) lines of \(classes) classes")
            }
            for (position, index) in batch.enumerated() { readings[index] = decoded[position] }
        }
        return readings
    }

}

/// PP-OCR's line orientation classifier: whether a line image is upside down.
struct LineClassifier {
    static let width = 192
    /// Probability from which a line is taken to be upside down.
    static let threshold: Float = 0.9
    static let batchSize = 8

    let session: OnnxSession

    /// For each frame, whether the line in it reads upside down.
    func upsideDown(_ frames: [CropFrame], in image: PixelImage) throws(PaddleSetupError) -> [Bool] {
        var result = [Bool](repeating: false, count: frames.count)
        let height = LineReader.lineHeight
        var start = 0
        while start < frames.count {
            let batch = Array(start..<min(start + Self.batchSize, frames.count))
            start += batch.count
            let slice = 3 * height * Self.width
            var input = Tensor(shape: [batch.count, 3, height, Self.width], values: [Float](repeating: 0, count: batch.count * slice))
            for (position, index) in batch.enumerated() {
                let width = min(Self.width, max(1, Int((Double(height) * frames[index].aspect).rounded(.up))))
                image.write(frames[index], width: width, height: height, tensorWidth: Self.width,
                            into: &input.values, at: position * slice)
            }
            let output = try session.run(&input)
            guard output.shape == [batch.count, 2] else {
                throw .model("the orientation classifier answered \(output.shape) for \(batch.count) lines")
            }
            for (position, index) in batch.enumerated() {
                let upright = output.values[position * 2], turned = output.values[position * 2 + 1]
                result[index] = turned > upright && turned > Self.threshold
            }
        }
        return result
    }

    /// Classifies one blank line so that the run ends with nothing in the runtime's arena,
    /// which then hands all of it back (`OnnxSession.runHandingBackMemory`).
    func handBackMemory() throws(PaddleSetupError) {
        let height = LineReader.lineHeight
        var input = Tensor(shape: [1, 3, height, Self.width], values: [Float](repeating: 0, count: 3 * height * Self.width))
        var output = Tensor(shape: [1, 2], values: [0, 0])
        try session.runHandingBackMemory(&input, into: &output)
    }
}
