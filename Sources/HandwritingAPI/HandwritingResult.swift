/// A point in image pixels: origin top-left, x right, y down. On the wire, `[x, y]`.
public struct Point: Equatable, Hashable, Sendable, Codable {
    public var x: Int
    public var y: Int

    public init(x: Int, y: Int) {
        self.x = x
        self.y = y
    }

    public init(from decoder: any Decoder) throws {
        var pair = try decoder.unkeyedContainer()
        x = try pair.decode(Int.self)
        y = try pair.decode(Int.self)
        guard pair.isAtEnd else {
            throw DecodingError.dataCorruptedError(in: pair, debugDescription: "a point has two coordinates")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var pair = encoder.unkeyedContainer()
        try pair.encode(x)
        try pair.encode(y)
    }
}

/// One recognised line of text (`words_block_list` item).
public struct WordsBlock: Equatable, Hashable, Sendable, Codable {
    public var words: String
    /// Always `"text"` in this API.
    public var type: String
    /// 0...1, a probability-like score, not an accuracy.
    public var confidence: Double
    /// Four vertices, clockwise from top-left, in the coordinates of the image as sent.
    public var location: [Point]

    /// Confidence is kept to four decimals, as the service gives it, so that an answer
    /// is the same in process and after a trip over the wire.
    public init(words: String, confidence: Double, location: [Point], type: String = "text") {
        self.words = words
        self.type = type
        self.confidence = (confidence * 10_000).rounded() / 10_000
        self.location = location
    }
}

/// What a successful call returns, inside `{"result": …}`.
public struct HandwritingResult: Equatable, Hashable, Sendable, Codable {
    public var blocks: [WordsBlock]

    public init(blocks: [WordsBlock]) {
        self.blocks = blocks
    }

    enum CodingKeys: String, CodingKey {
        case count = "words_block_count"
        case blocks = "words_block_list"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        blocks = try container.decode([WordsBlock].self, forKey: .blocks)
        let count = try container.decode(Int.self, forKey: .count)
        guard count == blocks.count else {
            throw DecodingError.dataCorruptedError(
                forKey: .count, in: container,
                debugDescription: "words_block_count \(count) but \(blocks.count) blocks")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(blocks.count, forKey: .count)
        try container.encode(blocks, forKey: .blocks)
    }
}

/// The body of an answer: `{"result": …}` on success, `{"error_code", "error_msg"}` on failure.
public enum HandwritingResponse: Equatable, Sendable, Codable {
    case success(HandwritingResult)
    case failure(ServiceError)

    enum CodingKeys: String, CodingKey {
        case result
        case errorCode = "error_code"
        case errorMessage = "error_msg"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let result = try container.decodeIfPresent(HandwritingResult.self, forKey: .result) {
            self = .success(result)
            return
        }
        let code = try container.decode(String.self, forKey: .errorCode)
        let message = try container.decode(String.self, forKey: .errorMessage)
        self = .failure(ServiceError(code: code, message: message, httpStatus: 400))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .success(let result):
            try container.encode(result, forKey: .result)
        case .failure(let error):
            try container.encode(error.code, forKey: .errorCode)
            try container.encode(error.message, forKey: .errorMessage)
        }
    }
}
