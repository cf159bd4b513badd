import Foundation
import WorkbenchCore

/// The workspace's remembered settings: `workbench-settings.json` in the folder this
/// machine keeps beside its store (`StoreLocation.localFolder`).
public struct SettingsFile: Sendable {
    public let url: URL

    public init(in folder: URL) {
        url = folder.appendingPathComponent("workbench-settings.json")
    }

    /// The settings saved last, or nil when there are none (or they cannot be read:
    /// then the workbench starts from its defaults, as the first time).
    public func load() -> WorkspaceSettings? {
        guard let data = try? Data(contentsOf: url) else { return nil }
        return try? JSONDecoder().decode(WorkspaceSettings.self, from: data)
    }

    public func save(_ settings: WorkspaceSettings) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(settings).write(to: url, options: .atomic)
    }
}
