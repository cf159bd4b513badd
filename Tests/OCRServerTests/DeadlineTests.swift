@testable import OCRServer
import XCTest

final class DeadlineTests: XCTestCase {
    private struct Late: Error {}

    /// Work that ends long before its deadline is never answered as late. The timer,
    /// cancelled as the work ended, once woke and answered first: `quire serve` gave a
    /// 504 in 60 ms after a flood of connections had loaded the machine.
    func testWorkThatEndsInTimeIsNeverLate() async throws {
        var late = 0
        for _ in 0..<40 {
            late += await withTaskGroup(of: Int.self) { group in
                for value in 0..<250 {
                    group.addTask {
                        let work = Task<Int, any Error> { value }
                        do {
                            return try await Deadline.first(of: work, within: .seconds(60), else: Late()) == value ? 0 : 1
                        } catch {
                            return 1
                        }
                    }
                }
                return await group.reduce(0, +)
            }
        }
        XCTAssertEqual(late, 0, "of 10,000 calls whose work ended at once")
    }
}
