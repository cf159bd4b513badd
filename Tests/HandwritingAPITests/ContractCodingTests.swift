import Foundation
import HandwritingAPI
import XCTest

final class ContractCodingTests: XCTestCase {
    /// The success example of API.md, verbatim.
    let seed = """
        {"result": {"words_block_count": 2,
                    "words_block_list": [
                      {"words": "大江东去", "type": "text", "confidence": 0.98,
                       "location": [[282,45],[461,47],[460,77],[280,76]]},
                      {"words": "浪淘尽", "type": "text", "confidence": 0.99,
                       "location": [[949,52],[1095,53],[1100,87],[953,86]]}]}}
        """

    func testSeedExampleDecodes() throws {
        let response = try JSONDecoder().decode(HandwritingResponse.self, from: Data(seed.utf8))
        guard case .success(let result) = response else { return XCTFail("expected a result, got \(response)") }
        XCTAssertEqual(result.blocks.map(\.words), ["大江东去", "浪淘尽"])
        XCTAssertEqual(result.blocks[1].confidence, 0.99)
        XCTAssertEqual(result.blocks[0].location, [Point(x: 282, y: 45), Point(x: 461, y: 47), Point(x: 460, y: 77), Point(x: 280, y: 76)])
        XCTAssertEqual(result.blocks[0].type, "text")
    }

    /// Decoding and encoding again, with Foundation's encoder and with Quire's own
    /// writer, gives the same JSON value as the seed.
    func testSeedExampleRoundTripsInMeaning() throws {
        let response = try JSONDecoder().decode(HandwritingResponse.self, from: Data(seed.utf8))
        let original = try JSONSerialization.jsonObject(with: Data(seed.utf8)) as? NSDictionary
        for encoded in [try JSONEncoder().encode(response), Data(ContractJSON.text(response).utf8),
                        Data(ContractJSON.text(response, pretty: true).utf8)] {
            let again = try JSONSerialization.jsonObject(with: encoded) as? NSDictionary
            XCTAssertEqual(again, original, String(decoding: encoded, as: UTF8.self))
        }
    }

    func testQuireWriterKeepsTheContractsKeyOrder() throws {
        let response = try JSONDecoder().decode(HandwritingResponse.self, from: Data(seed.utf8))
        let text = ContractJSON.text(response)
        let order = ["\"result\"", "\"words_block_count\"", "\"words_block_list\"", "\"words\"", "\"type\"", "\"confidence\"", "\"location\""]
        let positions = order.map { text.range(of: $0)!.lowerBound }
        XCTAssertEqual(positions, positions.sorted(), text)
        XCTAssertTrue(text.contains("[[282,45],[461,47],[460,77],[280,76]]"), text)
    }

    func testErrorBodyRoundTrips() throws {
        let body = Data(ContractJSON.text(.failure(.badImageSize)).utf8)
        let object = try JSONSerialization.jsonObject(with: body) as? [String: String]
        XCTAssertEqual(object, ["error_code": "AIS.0103", "error_msg": "The image size does not meet the requirements."])
        let decoded = try JSONDecoder().decode(HandwritingResponse.self, from: body)
        XCTAssertEqual(decoded, .failure(.badImageSize))
    }

    func testLabelsComeFirstAndStringsAreEscaped() throws {
        let result = HandwritingResult(blocks: [WordsBlock(words: "say \"hi\"\n\u{1}", confidence: 0.123456, location: [])])
        let text = ContractJSON.text(.success(result), labels: [("file", .string("a\\b.png")), ("page", .int(2))])
        XCTAssertTrue(text.hasPrefix(#"{"file": "a\\b.png", "page": 2, "result": "#), text)
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? NSDictionary
        let block = ((object?["result"] as? NSDictionary)?["words_block_list"] as? [NSDictionary])?.first
        XCTAssertEqual(block?["words"] as? String, "say \"hi\"\n\u{1}")
        XCTAssertEqual(block?["confidence"] as? Double, 0.1235)
    }

    func testCountMustMatchTheList() {
        let body = #"{"result": {"words_block_count": 3, "words_block_list": []}}"#
        XCTAssertThrowsError(try JSONDecoder().decode(HandwritingResponse.self, from: Data(body.utf8)))
    }

    func testErrorsCarryTheContractsStatuses() {
        XCTAssertEqual(ServiceError.invalidParameter.httpStatus, 400)
        XCTAssertEqual(ServiceError.missingToken.httpStatus, 401)
        XCTAssertEqual(ServiceError.entityTooLarge.httpStatus, 413)
        XCTAssertEqual(ServiceError.throttled.httpStatus, 429)
        XCTAssertEqual(ServiceError.notSubscribed(api: "ocr/handwriting").message,
                       "Request api error! The API ocr/handwriting is not subscribed.")
    }
}
