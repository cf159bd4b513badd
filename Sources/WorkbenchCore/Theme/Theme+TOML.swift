import Foundation
import TOMLKit

/// Why a theme file could not be used.
public struct ThemeError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(description: String) { self.description = description }
}

extension Theme {
    /// A theme from TOML:
    ///
    ///     name = "default"
    ///     [bands]
    ///     low = 0.60
    ///     high = 0.85
    ///     [styles]
    ///     band_low = { fg = "red", bold = true }
    ///     selection = { fg = "black", bg = "#87afd7" }
    ///
    /// Colours are `default`, a name (`red`, `bright-red`, ...), an index 0-255 or
    /// `#rrggbb` (the nearest of the 256). Roles not given keep the monochrome style.
    public init(toml: String) throws(ThemeError) {
        let table: TOMLTable
        do {
            table = try TOMLTable(string: toml)
        } catch let error as TOMLParseError {
            throw ThemeError(description: "line \(error.source.begin.line): \(error.description)")
        } catch {
            throw ThemeError(description: "\(error)")
        }
        self.init(name: table["name"]?.string ?? "unnamed")
        if let bands = table["bands"]?.table {
            let low = bands["low"].flatMap(Self.number) ?? self.bands.low
            let high = bands["high"].flatMap(Self.number) ?? self.bands.high
            guard 0 <= low, low <= high, high <= 1 else { throw ThemeError(description: "bands: need 0 <= low <= high <= 1") }
            self.bands = ConfidenceBands(low: low, high: high)
        }
        guard let styles = table["styles"]?.table else { return }
        for key in styles.keys {
            guard let role = Self.roles.first(where: { $0.name == key }) else {
                throw ThemeError(description: "unknown style \"\(key)\" (known: \(Self.roles.map(\.name).joined(separator: ", ")))")
            }
            guard let entry = styles[key]?.table else { throw ThemeError(description: "\(key): expected a table like { fg = \"red\" }") }
            self[keyPath: role.path] = try Self.style(entry, role: key)
        }
    }

    /// The theme in a file; its name defaults to the file's.
    public init(contentsOf url: URL) throws(ThemeError) {
        let text: String
        do { text = try String(contentsOf: url, encoding: .utf8) } catch { throw ThemeError(description: "\(url.path): cannot read it") }
        do {
            try self.init(toml: text)
        } catch {
            throw ThemeError(description: "\(url.lastPathComponent): \(error.description)")
        }
    }

    private static func number(_ value: TOMLValueConvertible) -> Double? {
        value.double ?? value.int.map(Double.init)
    }

    private static func style(_ entry: TOMLTable, role: String) throws(ThemeError) -> Style {
        var style = Style()
        for key in entry.keys {
            let value = entry[key]!
            switch key {
            case "fg": style.foreground = try color(value, role: role)
            case "bg": style.background = try color(value, role: role)
            case "bold", "underline", "reverse", "dim":
                guard let flag = value.bool else { throw ThemeError(description: "\(role).\(key): expected true or false") }
                switch key {
                case "bold": style.bold = flag
                case "underline": style.underline = flag
                case "reverse": style.reverse = flag
                default: style.dim = flag
                }
            default: throw ThemeError(description: "\(role): unknown key \"\(key)\" (fg, bg, bold, underline, reverse, dim)")
            }
        }
        return style
    }

    static let colorNames = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"]

    static func color(_ value: TOMLValueConvertible, role: String) throws(ThemeError) -> TerminalColor {
        if let index = value.int {
            guard (0...255).contains(index) else { throw ThemeError(description: "\(role): colour \(index) is not in 0-255") }
            return .indexed(UInt8(index))
        }
        guard let name = value.string?.lowercased() else { throw ThemeError(description: "\(role): a colour is a name, 0-255 or #rrggbb") }
        if name == "default" { return .standard }
        if let index = colorNames.firstIndex(of: name) { return .indexed(UInt8(index)) }
        if name.hasPrefix("bright-"), let index = colorNames.firstIndex(of: String(name.dropFirst(7))) { return .indexed(UInt8(index + 8)) }
        if name.hasPrefix("#"), name.count == 7, let rgb = UInt32(name.dropFirst(), radix: 16) {
            return .indexed(nearestIndexed(red: Int(rgb >> 16), green: Int(rgb >> 8 & 0xFF), blue: Int(rgb & 0xFF)))
        }
        throw ThemeError(description: "\(role): unknown colour \"\(name)\"")
    }

    /// The nearest colour of xterm's 6x6x6 cube or grey ramp.
    static func nearestIndexed(red: Int, green: Int, blue: Int) -> UInt8 {
        let levels = [0, 95, 135, 175, 215, 255]
        func level(_ c: Int) -> Int { levels.indices.min { abs(levels[$0] - c) < abs(levels[$1] - c) }! }
        let (r, g, b) = (level(red), level(green), level(blue))
        let cube = (16 + 36 * r + 6 * g + b, (levels[r], levels[g], levels[b]))
        let greyStep = max(0, min(23, ((red + green + blue) / 3 - 8 + 5) / 10))
        let greyValue = 8 + 10 * greyStep
        let grey = (232 + greyStep, (greyValue, greyValue, greyValue))
        func distance(_ c: (Int, Int, Int)) -> Int { (c.0 - red) * (c.0 - red) + (c.1 - green) * (c.1 - green) + (c.2 - blue) * (c.2 - blue) }
        return UInt8(distance(cube.1) <= distance(grey.1) ? cube.0 : grey.0)
    }

    /// The same theme with every colour dropped: attributes still tell roles apart.
    public func withoutColor() -> Theme {
        var plain = self
        for role in Self.roles {
            plain[keyPath: role.path].foreground = .standard
            plain[keyPath: role.path].background = .standard
        }
        return plain
    }
}
