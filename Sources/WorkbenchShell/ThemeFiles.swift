import Foundation
import WorkbenchCore

/// Finds theme files: `themes/NAME.toml` in $QUIRE_THEMES, in ~/.config/quire/themes,
/// or in a `themes` folder beside the program or a few folders above it (a build tree
/// or an install prefix's share/quire).
public enum ThemeFiles {
    public static func folders(environment: [String: String] = ProcessInfo.processInfo.environment) -> [URL] {
        var folders: [URL] = []
        if let custom = environment["QUIRE_THEMES"], !custom.isEmpty { folders.append(URL(fileURLWithPath: custom)) }
        if let home = environment["HOME"] { folders.append(URL(fileURLWithPath: home).appendingPathComponent(".config/quire/themes")) }
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<5 {
            folders.append(folder.appendingPathComponent("themes"))
            folders.append(folder.appendingPathComponent("share/quire/themes"))
            folder.deleteLastPathComponent()
        }
        return folders
    }

    /// The theme named (or at the path given); `NO_COLOR` or a terminal without colour
    /// turns colour off whatever the theme. An unknown name is an error that names the folders.
    public static func load(_ nameOrPath: String, colour: Bool,
                            environment: [String: String] = ProcessInfo.processInfo.environment) throws(ThemeError) -> Theme {
        let noColor = !(environment["NO_COLOR"] ?? "").isEmpty || !colour
        let name = noColor && nameOrPath == "default" ? "monochrome" : nameOrPath
        let candidates = name.contains("/") || name.hasSuffix(".toml")
            ? [URL(fileURLWithPath: name)]
            : folders(environment: environment).map { $0.appendingPathComponent(name + ".toml") }
        guard let file = candidates.first(where: { FileManager.default.fileExists(atPath: $0.path) }) else {
            if name == "monochrome" || name == "default" { return noColor ? .monochrome : Theme.monochrome }
            throw ThemeError(description: "no theme \"\(name)\" in \(folders(environment: environment).map(\.path).joined(separator: ", "))")
        }
        let theme = try Theme(contentsOf: file)
        return noColor ? theme.withoutColor() : theme
    }
}
