import QuireText
import XCTest

final class ErrorRateTests: XCTestCase {
    func testLevenshteinOnKnownPairs() {
        XCTAssertEqual(ErrorRate.distance(Array("kitten"), Array("sitting")), 3)
        XCTAssertEqual(ErrorRate.distance(Array("flaw"), Array("lawn")), 2)
        XCTAssertEqual(ErrorRate.distance(Array(""), Array("abc")), 3)
        XCTAssertEqual(ErrorRate.distance(Array("same"), Array("same")), 0)
    }

    func testCharacterErrorRateIsOverTheReference() {
        XCTAssertEqual(ErrorRate.characterErrorRate(recognised: "kitten", reference: "sitting"), 3.0 / 7.0, accuracy: 1e-12)
        XCTAssertEqual(ErrorRate.characterErrorRate(recognised: "", reference: "abcd"), 1)
        XCTAssertEqual(ErrorRate.characterErrorRate(recognised: "abcdefgh", reference: "abcd"), 1)
        XCTAssertEqual(ErrorRate.characterErrorRate(recognised: "", reference: ""), 0)
        XCTAssertEqual(ErrorRate.characterErrorRate(recognised: "x", reference: ""), 1)
    }

    func testWhitespaceIsCollapsedAndTrimmed() {
        XCTAssertEqual(ErrorRate.characterErrorRate(recognised: "a  b\n\nc ", reference: " a b c"), 0)
        XCTAssertEqual(ErrorRate.characterErrorRate(recognised: "a\tb", reference: "ab"), 0.5)
    }

    func testCompactEditsFoldWidthsAndDropSpaces() {
        // A full-width comma and bracket are the usual ones after NFKC; spaces do not count.
        let compact = ErrorRate.compactCharacterEdits(recognised: "或是,從來 (就)", reference: "或是，從來（就）")
        XCTAssertEqual(compact.edits, 0)
        XCTAssertEqual(compact.length, 8)
        XCTAssertEqual(ErrorRate.characterEdits(recognised: "或是,從來 (就)", reference: "或是，從來（就）").edits, 4)
        XCTAssertEqual(ErrorRate.compactCharacterEdits(recognised: "赢了", reference: "贏了").edits, 1, "other characters still differ")
    }

    func testComparesNFCCharacters() {
        // "é" composed and as e + combining acute are the same character after NFC.
        XCTAssertEqual(ErrorRate.characterErrorRate(recognised: "caf\u{65}\u{301}", reference: "caf\u{e9}"), 0)
        XCTAssertEqual(ErrorRate.characterEdits(recognised: "大江东去", reference: "大江东来").edits, 1)
        XCTAssertEqual(ErrorRate.characterEdits(recognised: "大江东去", reference: "大江东来").length, 4)
    }

    func testWordErrorRate() {
        XCTAssertEqual(ErrorRate.wordErrorRate(recognised: "the quick brown fox", reference: "the quick brown dog"), 0.25)
        XCTAssertEqual(ErrorRate.wordErrorRate(recognised: "the  quick", reference: "the quick"), 0)
    }
}

final class TerminalEscapingTests: XCTestCase {
    func testControlCharactersAreShownNotSent() {
        XCTAssertEqual(TerminalEscaping.escape("red\u{1B}[31m!"), "red\\x1b[31m!")
        XCTAssertEqual(TerminalEscaping.escape("a\nb\tc\u{7F}"), "a\\x0ab\\x09c\\x7f")
        XCTAssertEqual(TerminalEscaping.escape("\u{9B}2J"), "\\x9b2J")  // C1 CSI
        XCTAssertEqual(TerminalEscaping.escape("abc\u{202E}fdp.exe"), "abc\\u{202e}fdp.exe")
        XCTAssertEqual(TerminalEscaping.escape("back\\slash"), "back\\\\slash")
    }

    func testOrdinaryTextIsUnchanged() {
        for text in ["大江东去", "Dear Margaret,", "naïve café", "😀 emoji"] {
            XCTAssertEqual(TerminalEscaping.escape(text), text)
        }
    }

    func testJSONKeepsItsLayoutButNotControls() {
        let json = "{\"a\": \"x\u{9B}y\u{7F}\",\n  \"b\": 1}"
        XCTAssertEqual(TerminalEscaping.escapeJSON(json), "{\"a\": \"x\\u009by\\u007f\",\n  \"b\": 1}")
    }
}
