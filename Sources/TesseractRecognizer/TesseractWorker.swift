import CTesseract
import EngineThreads
import Foundation
import HandwritingAPI
import Leptonica

/// One recognising thread's Tesseract: a `TessBaseAPI` per model, loaded once and
/// reused for every page this worker reads.
final class TesseractWorker {
    /// A line as Tesseract found it, in the coordinates of the image it was given.
    struct Line {
        var text: String
        var confidence: Double
        var box: Rect
        /// Which of Tesseract's layout blocks the line is in.
        var block: Int
    }

    /// Share of Han in what the Chinese model read from which a page may be Chinese.
    /// On ../shared/eval-real every Chinese line read at 0.50 or more.
    static let hanThreshold = 0.45
    /// English confidence above which a page is taken to be Latin script without asking
    /// the Chinese model. On ../shared/eval-real the English model never reached 0.52 on a
    /// Chinese line, and reads printed English at 0.53 to 0.96.
    static let sureOfLatin = 0.75
    /// Words of two or more letters per line from which the English reading is taken
    /// to be Latin prose. On ../shared/eval-real the English model read 9 to 12 on lines
    /// of English handwriting and at most 6 on Chinese lines.
    static let latinWordsPerLine = 7.0
    /// OSD confidence from which a quarter turn is trusted.
    static let orientationConfidence: Float = 3.0

    private let latin: OpaquePointer
    /// Loaded on first use, so that work in one script never pays for the other's model.
    private var hanModel: OpaquePointer?
    private var orientationModel: OpaquePointer?
    private let dataPath: String?

    init(dataPath: String?) throws(EngineSetupError) {
        Leptonica.silence()
        self.dataPath = dataPath
        latin = try Self.load("eng", dataPath: dataPath)
        // Fail now, not on the first Chinese page, when a model that is loaded later is missing.
        if let folder = TessBaseAPIGetDatapath(latin).map({ String(cString: $0) }) {
            for language in ["chi_sim", "osd"]
            where !FileManager.default.fileExists(atPath: (folder as NSString).appendingPathComponent("\(language).traineddata")) {
                TessBaseAPIEnd(latin)
                TessBaseAPIDelete(latin)
                throw EngineSetupError.missingLanguage(language, dataPath: folder)
            }
        }
    }

    private static func load(_ language: String, dataPath: String?) throws(EngineSetupError) -> OpaquePointer {
        guard let api = TessBaseAPICreate() else { throw EngineSetupError.tesseract("could not create an engine") }
        // Tesseract writes its messages through tprintf to this file (a global setting).
        TessBaseAPISetVariable(api, "debug_file", "/dev/null")
        guard TessBaseAPIInit3(api, dataPath, language) == 0 else {
            TessBaseAPIDelete(api)
            throw EngineSetupError.missingLanguage(language, dataPath: dataPath)
        }
        return api
    }

    private func han() throws(ServiceError) -> OpaquePointer { try loaded(&hanModel, "chi_sim") }

    private func orientation() throws(ServiceError) -> OpaquePointer { try loaded(&orientationModel, "osd") }

    private func loaded(_ model: inout OpaquePointer?, _ language: String) throws(ServiceError) -> OpaquePointer {
        if let model { return model }
        do {
            let api = try Self.load(language, dataPath: dataPath)
            model = api
            return api
        } catch {
            throw ServiceError.recognitionFailed.explained(error.description)
        }
    }

    deinit {
        for api in [latin, hanModel, orientationModel].compactMap({ $0 }) {
            TessBaseAPIEnd(api)
            TessBaseAPIDelete(api)
        }
    }

    /// Recognises the first page of an image file's bytes.
    func recognize(_ data: Data, options: RecognitionOptions) throws(ServiceError) -> [WordsBlock] {
        guard let image = Image(decoding: data) else {
            throw ServiceError.poorImage.explained("the image could not be decoded")
        }
        // A page's copies and Tesseract's working memory are freed in this thread's heap,
        // which glibc would keep at the largest page's size.
        defer { if !options.quickMode { ProcessMemory.handBackFreeMemory() } }
        return try recognize(image, options: options)
    }

    func recognize(_ original: Image, options: RecognitionOptions) throws(ServiceError) -> [WordsBlock] {
        let (image, transform) = options.detectDirection
            ? try upright(original)
            : (original, PageTransform.identity(width: original.width, height: original.height))
        let lines: [Line]
        if let allowed = options.charSet.allowedCharacters {
            // The LSTM models write the space between words as a character of its own.
            lines = try read(image, with: latin, quickMode: options.quickMode, script: .latin, whitelist: allowed + " ")
        } else {
            lines = try readEitherScript(image, quickMode: options.quickMode)
        }
        return ReadingOrder.order(lines.map(\.box), blocks: lines.map(\.block)).map { index in
            let line = lines[index]
            return WordsBlock(words: line.text, confidence: line.confidence, location: transform.location(of: line.box))
        }
    }

    /// Chinese and English models each read the other script badly, and both together
    /// read Chinese far worse than the Chinese model alone, so one model is chosen per
    /// page. English is read first and kept when Tesseract is sure of it (printed Latin
    /// text: one pass). Otherwise the Chinese model reads the page too, and its reading
    /// is kept when most of it is Han and the English reading does not look like Latin
    /// prose, which comes in space-separated words.
    private func readEitherScript(_ image: Image, quickMode: Bool) throws(ServiceError) -> [Line] {
        let english = try read(image, with: latin, quickMode: quickMode, script: .latin, whitelist: nil)
        if Self.meanConfidence(english) >= Self.sureOfLatin
            || Script.wordsPerLine(english.map(\.text)) >= Self.latinWordsPerLine
        {
            return english
        }
        let han = try han()
        // On a page, a few lines tell the script: read a crop of them first.
        if let sample = Self.sampleRegion(of: english, in: image), let crop = image.cropped(
            x: sample.x0, y: sample.y0, width: sample.width, height: sample.height)
        {
            let glimpse = try read(crop, with: han, quickMode: false, script: .han, whitelist: nil)
            guard Script.hanShare(of: glimpse.map(\.text).joined()) >= Self.hanThreshold else { return english }
        }
        let chinese = try read(image, with: han, quickMode: quickMode, script: .han, whitelist: nil)
        guard Script.hanShare(of: chinese.map(\.text).joined()) >= Self.hanThreshold else { return english }
        return chinese.map { Line(text: Script.removingSpacesBetweenCJK($0.text), confidence: $0.confidence, box: $0.box, block: $0.block) }
    }

    /// The first few lines the English pass found, with a margin, when they cover well
    /// under the whole page; nil when the page is small enough to read whole.
    static func sampleRegion(of lines: [Line], in image: Image) -> Rect? {
        guard lines.count > Self.sampleLines else { return nil }
        let first = lines.prefix(Self.sampleLines).map(\.box)
        let union = first.dropFirst().reduce(first[0]) { $0.union($1) }
        let margin = 8
        let region = Rect(x0: max(0, union.x0 - margin), y0: max(0, union.y0 - margin),
                          x1: min(image.width, union.x1 + margin), y1: min(image.height, union.y1 + margin))
        return region.width * region.height * 2 < image.width * image.height ? region : nil
    }

    /// Lines read to tell a page's script.
    static let sampleLines = 3

    /// Confidence over the characters read, so that long lines count for more.
    static func meanConfidence(_ lines: [Line]) -> Double {
        let characters = lines.reduce(0) { $0 + $1.text.count }
        guard characters > 0 else { return 0 }
        return lines.reduce(0) { $0 + $1.confidence * Double($1.text.count) } / Double(characters)
    }

    /// The page turned by quarter turns (Tesseract's orientation detection) and then
    /// deskewed (leptonica's skew search), with the transform back to the original.
    func upright(_ original: Image) throws(ServiceError) -> (Image, PageTransform) {
        var image = original
        var quarterTurns = 0
        let orientation = try orientation()
        TessBaseAPISetImage2(orientation, original.pix)
        var degrees: Int32 = 0
        var confidence: Float = 0
        if TessBaseAPIDetectOrientationScript(orientation, &degrees, &confidence, nil, nil) != 0,
           confidence >= Self.orientationConfidence, degrees % 360 != 0,
           let turned = original.turned(quarterTurns: (4 - Int(degrees) / 90) % 4)
        {
            // `degrees` is how far the page is turned clockwise; turn it the rest of the way round.
            image = turned
            quarterTurns = (4 - Int(degrees) / 90) % 4
        }
        TessBaseAPIClear(orientation)
        var skewDegrees = 0.0
        if let degrees = image.levelAngle(), let level = image.rotated(degrees: degrees) {
            image = level
            skewDegrees = degrees
        }
        let transform = PageTransform(originalWidth: original.width, originalHeight: original.height,
                                      quarterTurns: quarterTurns, degrees: skewDegrees,
                                      workingWidth: image.width, workingHeight: image.height)
        return (image, transform)
    }

    /// The text lines Tesseract reads in `image` with one model.
    private func read(_ image: Image, with api: OpaquePointer, quickMode: Bool, script: Script.Kind,
                      whitelist: String?) throws(ServiceError) -> [Line] {
        // One line: Tesseract's single-line mode reads Latin handwriting best; raw-line
        // mode (no line-finding hacks) reads Chinese best (quire-bench, per-subset grid).
        // Raw-line mode scales the whole image to the model's line height, so it reads a
        // crop around the ink: a wide margin would shrink the characters.
        let lineMode = script == .han ? PSM_RAW_LINE : PSM_SINGLE_LINE
        if quickMode, lineMode == PSM_RAW_LINE, let ink = Self.inkCrop(of: image) {
            return try read(ink.image, with: api, mode: lineMode, whitelist: whitelist)
                .map { Line(text: $0.text, confidence: $0.confidence, box: $0.box.offset(x: ink.x, y: ink.y), block: $0.block) }
        }
        return try read(image, with: api, mode: quickMode ? lineMode : PSM_AUTO, whitelist: whitelist)
    }

    /// The image cut to its ink and a small margin, and where the cut starts; nil when
    /// the line already fills most of the image's height (a tight crop reads best as it is).
    static func inkCrop(of image: Image) -> (image: Image, x: Int, y: Int)? {
        guard let ink = image.inkBounds(), ink.height * 3 < image.height * 2 else { return nil }
        let margin = max(2, ink.height / 10)
        let x = max(0, ink.x - margin), y = max(0, ink.y - margin)
        let width = min(image.width, ink.x + ink.width + margin) - x
        let height = min(image.height, ink.y + ink.height + margin) - y
        guard width < image.width || height < image.height,
              let cropped = image.cropped(x: x, y: y, width: width, height: height) else { return nil }
        return (cropped, x, y)
    }

    private func read(_ image: Image, with api: OpaquePointer, mode: TessPageSegMode, whitelist: String?) throws(ServiceError) -> [Line] {
        TessBaseAPISetPageSegMode(api, mode)
        TessBaseAPISetVariable(api, "tessedit_char_whitelist", whitelist ?? "")  // "" clears an earlier page's
        TessBaseAPISetImage2(api, image.pix)
        defer { TessBaseAPIClear(api) }
        guard TessBaseAPIRecognize(api, nil) == 0 else {
            throw ServiceError.recognitionFailed.explained("Tesseract could not read the page")
        }
        guard let iterator = TessBaseAPIGetIterator(api) else { return [] }
        defer { TessResultIteratorDelete(iterator) }
        let page = TessResultIteratorGetPageIterator(iterator)
        var lines: [Line] = []
        var block = -1
        repeat {
            if TessPageIteratorIsAtBeginningOf(page, RIL_BLOCK) != 0 { block += 1 }
            guard let raw = TessResultIteratorGetUTF8Text(iterator, RIL_TEXTLINE) else { continue }
            let text = String(cString: raw).trimmingCharacters(in: .whitespacesAndNewlines)
            TessDeleteText(raw)
            var left: Int32 = 0, top: Int32 = 0, right: Int32 = 0, bottom: Int32 = 0
            guard !text.isEmpty, TessPageIteratorBoundingBox(page, RIL_TEXTLINE, &left, &top, &right, &bottom) != 0 else {
                continue
            }
            let confidence = Double(TessResultIteratorConfidence(iterator, RIL_TEXTLINE)) / 100
            lines.append(Line(text: text, confidence: min(max(confidence, 0), 1),
                              box: Rect(x0: Int(left), y0: Int(top), x1: Int(right), y1: Int(bottom)), block: max(block, 0)))
        } while TessResultIteratorNext(iterator, RIL_TEXTLINE) != 0
        return lines
    }
}

/// Why the Tesseract engine could not start.
public enum EngineSetupError: Error, CustomStringConvertible {
    case tesseract(String)
    case missingLanguage(String, dataPath: String?)

    public var description: String {
        switch self {
        case .tesseract(let why):
            return "Tesseract: \(why)"
        case .missingLanguage(let language, let dataPath):
            let place = dataPath ?? ProcessInfo.processInfo.environment["TESSDATA_PREFIX"] ?? "Tesseract's default data folder"
            return "Tesseract's '\(language)' model is missing from \(place): run scripts/setup, which installs it"
        }
    }
}
