import Foundation
import HandwritingAPI
import TesseractRecognizer
import TestSupport
import XCTest

final class MemoryTests: XCTestCase {
    /// Resident set size of this process, from /proc.
    private func residentBytes() throws -> Int {
        let status = try String(contentsOfFile: "/proc/self/status", encoding: .utf8)
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
              let kilobytes = Int(line.split(separator: " ", omittingEmptySubsequences: true)[1])
        else { throw Fixtures.Missing(description: "no VmRSS in /proc/self/status") }
        return kilobytes * 1024
    }

    /// 200 recognitions in one process: after the first few, resident size stays put.
    func testTwoHundredRecognitionsDoNotGrowMemory() async throws {
        let engine = try TesseractRecognizer(.init(workers: 2))
        let images = try ["en_line_1.png", "zh_line_1.png", "digits_line.png", "en_line_2.png"].map { try Fixtures.sample($0) }
        func run(_ count: Int, from start: Int) async throws {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in start..<(start + count) {
                    let image = images[index % images.count]
                    group.addTask { _ = try await engine.recognize(RecognitionInput(source: .bytes(image), options: .init(quickMode: index % 2 == 0))) }
                }
                try await group.waitForAll()
            }
        }
        try await run(20, from: 0)
        let warm = try residentBytes()
        try await run(180, from: 20)
        let after = try residentBytes()
        let growth = after - warm
        print("resident after 20: \(warm / 1_048_576) MiB, after 200: \(after / 1_048_576) MiB")
        XCTAssertLessThan(growth, 16 * 1_048_576, "grew \(growth / 1024) KiB over 180 recognitions")
    }
}
