import PaddleRecognizer
import TesseractRecognizer

/// One engine of each kind for a whole test process: their models load once, as in the program.
public enum SharedEngines {
    public static let paddle: Result<PaddleRecognizer, any Error> = Result { try PaddleRecognizer(.init(workers: 2)) }
    public static let tesseract: Result<TesseractRecognizer, any Error> = Result { try TesseractRecognizer(.init(workers: 2)) }
}
