import CTesseract
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
    }

    /// Share of Han in what the Chinese model read above which a page is Chinese.
    /// Measured on the real lines of ../shared/eval-real: 80 of 84 lines fall on the right side.
    static let hanThreshold = 0.45
    /// OSD confidence from which a quarter turn is trusted.
    static let orientationConfidence: Float = 3.0
    /// Leptonica skew confidence from which a deskew is trusted, and the smallest angle worth it.
    static let skewConfidence = 3.0
    static let smallestSkew = 0.2

    private let latin: OpaquePointer
    private let han: OpaquePointer
    private let orientation: OpaquePointer

    init(dataPath: String?) throws(EngineSetupError) {
        Leptonica.silence()
        var made: [OpaquePointer] = []
        func load(_ language: String) throws(EngineSetupError) -> OpaquePointer {
            guard let api = TessBaseAPICreate() else { throw EngineSetupError.tesseract("could not create an engine") }
            // Tesseract writes its messages through tprintf to this file (a global setting).
            TessBaseAPISetVariable(api, "debug_file", "/dev/null")
            guard TessBaseAPIInit3(api, dataPath, language) == 0 else {
                TessBaseAPIDelete(api)
                throw EngineSetupError.missingLanguage(language, dataPath: dataPath)
            }
            made.append(api)
            return api
        }
        do {
            latin = try load("eng")
            han = try load("chi_sim")
            orientation = try load("osd")
        } catch {
            for api in made { TessBaseAPIEnd(api); TessBaseAPIDelete(api) }
            throw error
        }
    }

    deinit {
        for api in [latin, han, orientation] {
            TessBaseAPIEnd(api)
            TessBaseAPIDelete(api)
        }
    }

    /// Recognises the first page of an image file's bytes.
    func recognize(_ data: Data, options: RecognitionOptions) throws(ServiceError) -> [WordsBlock] {
        guard let image = Image(decoding: data) else {
            throw ServiceError.poorImage.explained("the image could not be decoded")
        }
        return try recognize(image, options: options)
    }

    func recognize(_ original: Image, options: RecognitionOptions) throws(ServiceError) -> [WordsBlock] {
        let (image, transform) = options.detectDirection
            ? upright(original)
            : (original, PageTransform.identity(width: original.width, height: original.height))
        let lines: [Line]
        if let allowed = options.charSet.allowedCharacters {
            // The LSTM models write the space between words as a character of its own.
            lines = try read(image, with: latin, quickMode: options.quickMode, whitelist: allowed + " ")
        } else {
            // Chinese and English models each read the other script badly, and both
            // together read Chinese far worse than the Chinese model alone: read with
            // the Chinese model, and read again in English when little of it is Han.
            let chinese = try read(image, with: han, quickMode: options.quickMode, whitelist: nil)
            if Script.hanShare(of: chinese.map(\.text).joined()) >= Self.hanThreshold {
                lines = chinese.map { Line(text: Script.removingSpacesBetweenCJK($0.text), confidence: $0.confidence, box: $0.box) }
            } else {
                lines = try read(image, with: latin, quickMode: options.quickMode, whitelist: nil)
            }
        }
        return ReadingOrder.order(lines.map(\.box)).map { index in
            let line = lines[index]
            return WordsBlock(words: line.text, confidence: line.confidence, location: transform.location(of: line.box))
        }
    }

    /// The page turned by quarter turns (Tesseract's orientation detection) and then
    /// deskewed (leptonica's skew search), with the transform back to the original.
    func upright(_ original: Image) -> (Image, PageTransform) {
        var image = original
        var quarterTurns = 0
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
        if let skew = image.skew(), skew.confidence >= Self.skewConfidence, abs(skew.degrees) >= Self.smallestSkew,
           let level = image.rotated(degrees: skew.degrees)
        {
            image = level
            skewDegrees = skew.degrees
        }
        let transform = PageTransform(originalWidth: original.width, originalHeight: original.height,
                                      quarterTurns: quarterTurns, degrees: skewDegrees,
                                      workingWidth: image.width, workingHeight: image.height)
        return (image, transform)
    }

    /// The text lines Tesseract reads in `image` with one model.
    private func read(_ image: Image, with api: OpaquePointer, quickMode: Bool, whitelist: String?) throws(ServiceError) -> [Line] {
        TessBaseAPISetPageSegMode(api, quickMode ? PSM_SINGLE_LINE : PSM_AUTO)
        TessBaseAPISetVariable(api, "tessedit_char_whitelist", whitelist ?? "")
        TessBaseAPISetImage2(api, image.pix)
        defer { TessBaseAPIClear(api) }
        guard TessBaseAPIRecognize(api, nil) == 0 else {
            throw ServiceError.recognitionFailed.explained("Tesseract could not read the page")
        }
        guard let iterator = TessBaseAPIGetIterator(api) else { return [] }
        defer { TessResultIteratorDelete(iterator) }
        let page = TessResultIteratorGetPageIterator(iterator)
        var lines: [Line] = []
        repeat {
            guard let raw = TessResultIteratorGetUTF8Text(iterator, RIL_TEXTLINE) else { continue }
            let text = String(cString: raw).trimmingCharacters(in: .whitespacesAndNewlines)
            TessDeleteText(raw)
            var left: Int32 = 0, top: Int32 = 0, right: Int32 = 0, bottom: Int32 = 0
            guard !text.isEmpty, TessPageIteratorBoundingBox(page, RIL_TEXTLINE, &left, &top, &right, &bottom) != 0 else {
                continue
            }
            let confidence = Double(TessResultIteratorConfidence(iterator, RIL_TEXTLINE)) / 100
            lines.append(Line(text: text, confidence: min(max(confidence, 0), 1),
                              box: Rect(x0: Int(left), y0: Int(top), x1: Int(right), y1: Int(bottom))))
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
