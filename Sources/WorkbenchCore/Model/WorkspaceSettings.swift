import HandwritingAPI

/// What the workbench remembers per workspace, so that it opens as it was left: the
/// engine, its options and the review threshold. Flags given to `quire open` win.
public struct WorkspaceSettings: Equatable, Codable, Sendable {
    public var engine: String
    public var quickMode: Bool
    public var charSet: CharSet
    public var detectDirection: Bool
    public var threshold: Double

    public init(engine: String, quickMode: Bool, charSet: CharSet, detectDirection: Bool, threshold: Double) {
        self.engine = engine
        self.quickMode = quickMode
        self.charSet = charSet
        self.detectDirection = detectDirection
        self.threshold = threshold
    }
}

extension Model {
    /// The settings as they are now.
    public var remembered: WorkspaceSettings {
        WorkspaceSettings(engine: settings.engine, quickMode: settings.options.quickMode, charSet: settings.options.charSet,
                          detectDirection: settings.options.detectDirection, threshold: threshold)
    }
}
