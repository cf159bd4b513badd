import Foundation
import Testing
import TestSupport

/// The repository's own promises about itself.
@Suite struct RepositoryTests {
    /// docs/MODULES.md is the map a newcomer reads first: every module of Package.swift is on it.
    @Test func everyModuleIsOnTheMap() throws {
        let package = try String(contentsOf: Fixtures.repositoryRoot.appendingPathComponent("Package.swift"), encoding: .utf8)
        let map = try String(contentsOf: Fixtures.repositoryRoot.appendingPathComponent("docs/MODULES.md"), encoding: .utf8)
        let names = package.matches(of: /\.(?:target|executableTarget|systemLibrary)\(\s*name: "([A-Za-z-]+)"/).map { String($0.1) }
        #expect(names.count >= 20, "\(names)")
        for name in names where name != "TestSupport" {
            #expect(map.contains(name), "\(name) is not on docs/MODULES.md's map")
        }
    }
}
