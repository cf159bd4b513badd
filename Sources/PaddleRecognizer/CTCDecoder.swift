/// Reads the recognizer's output: per step, a probability for each class (the CTC
/// blank first, then the model's characters, then the space).
struct CTCDecoder {
    let classes: [String]

    /// The classes `allowed` lets be read, in order: the blank always, the space always
    /// (it separates words), every other class only when it is in the set. Decoding
    /// looks at these alone (a dozen for digits, of 18,710 in PP-OCRv6's list).
    func mask(allowing allowed: String?) -> [Int]? {
        guard let allowed else { return nil }
        let set = Set(allowed.map(String.init))
        return classes.indices.filter { index in
            index == 0 || index == classes.count - 1 || set.contains(classes[index])
        }
    }

    /// The index and value of the largest value (the first, if several), the hot loop of
    /// decoding (steps x 18,710 classes a line): the maximum found eight lanes at a time.
    static func argmax(_ values: UnsafeBufferPointer<Float>) -> (Int, Float) {
        var lanes = SIMD8<Float>(repeating: -.infinity)
        let whole = values.count / 8 * 8
        var index = 0
        while index < whole {
            lanes = pointwiseMax(lanes, SIMD8<Float>(values[index..<(index + 8)]))
            index += 8
        }
        var largest = lanes.max()
        for rest in whole..<values.count { largest = max(largest, values[rest]) }
        return (values.firstIndex(of: largest) ?? 0, largest)
    }

    /// CTC greedy decoding: the likeliest class at each step, repeats merged, blanks dropped.
    func decode(_ values: UnsafeBufferPointer<Float>, offset: Int, steps: Int, mask: [Int]?) -> LineReader.Reading {
        var text = ""
        var probabilities: [Double] = []
        var previous = -1
        let count = classes.count
        for step in 0..<steps {
            let row = values.baseAddress! + offset + step * count
            var best = 0
            var bestValue = -Float.infinity
            if let mask {
                for index in mask where row[index] > bestValue {
                    bestValue = row[index]
                    best = index
                }
            } else {
                (best, bestValue) = Self.argmax(UnsafeBufferPointer(start: row, count: count))
            }
            if best != 0 && best != previous {
                text += classes[best]
                probabilities.append(Double(bestValue))
            }
            previous = best
        }
        let confidence = probabilities.isEmpty ? 0 : probabilities.reduce(0, +) / Double(probabilities.count)
        return LineReader.Reading(text: text, confidence: confidence)
    }
}
