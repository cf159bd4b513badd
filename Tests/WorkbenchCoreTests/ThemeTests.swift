import Foundation
import Testing
@testable import WorkbenchCore

@Suite struct ThemeTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("themes")

    @Test(arguments: ["default", "high-contrast", "monochrome"])
    func shippedThemesLoad(name: String) throws {
        let theme = try Theme(contentsOf: Self.folder.appendingPathComponent(name + ".toml"))
        #expect(theme.name == name)
        #expect(theme.bands == ConfidenceBands(low: 0.6, high: 0.85))
        #expect(theme.selection != theme.normal)
        // The three bands look different in every theme.
        #expect(Set([theme.bandLow, theme.bandMedium, theme.bandHigh]).count == 3)
    }

    @Test func monochromeHasNoColourAtAll() throws {
        let theme = try Theme(contentsOf: Self.folder.appendingPathComponent("monochrome.toml"))
        #expect(theme == theme.withoutColor())
    }

    @Test func coloursByNameIndexAndHex() throws {
        let theme = try Theme(toml: """
            [bands]
            low = 0.5
            high = 0.9
            [styles]
            band_low = { fg = "bright-red", bg = 17, bold = true }
            band_high = { fg = "#00ff00" }
            """)
        #expect(theme.bandLow == Style(foreground: .indexed(9), background: .indexed(17), bold: true))
        #expect(theme.bandHigh.foreground == .indexed(46))
        #expect(theme.bands.band(of: 0.49) == .low && theme.bands.band(of: 0.5) == .medium && theme.bands.band(of: 0.9) == .high)
    }

    @Test func mistakesAreNamed() {
        #expect(throws: ThemeError.self) { try Theme(toml: "[styles]\nbanner = { fg = \"red\" }") }
        #expect(throws: ThemeError.self) { try Theme(toml: "[styles]\nnormal = { fg = \"mauve\" }") }
        #expect(throws: ThemeError.self) { try Theme(toml: "[styles]\nnormal = { fg = 300 }") }
        #expect(throws: ThemeError.self) { try Theme(toml: "[bands]\nlow = 0.9\nhigh = 0.5") }
        do {
            _ = try Theme(toml: "[styles]\nnormal = { fg = \"mauve\" }")
        } catch {
            #expect(error.description.contains("mauve"))
        }
    }
}
