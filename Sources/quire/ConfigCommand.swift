import ArgumentParser
import CloudOCR
import Foundation

/// The cloud options every command that talks to an endpoint takes.
struct CloudOptions: ParsableArguments {
    @Option(help: "Huawei Cloud region (default cn-north-4, the only one with the handwriting API).")
    var region: String?

    @Option(help: "A compatible endpoint's base URL, instead of the region's (e.g. http://127.0.0.1:8080 for quire serve).")
    var endpoint: String?

    @Option(name: .customLong("project-id"), help: "The account's project id for the region.")
    var projectID: String?

    @Option(name: .customLong("config"), help: "Cloud settings file (default ~/.config/quire/cloud.conf; must be chmod 600).")
    var configFile: String?

    func settings() throws(CloudSettings.LoadError) -> CloudSettings {
        var flags: [String: String] = [:]
        flags["region"] = region
        flags["endpoint"] = endpoint
        flags["project_id"] = projectID
        return try CloudSettings.load(commandLine: flags, environment: ProcessInfo.processInfo.environment,
                                      configFile: configFile.map { URL(fileURLWithPath: $0) })
    }
}

struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Show the cloud settings in force and where each came from; secrets only as set or not.",
        discussion: """
            Settings come from the command line, then the environment variables the official SDKs read \\
            (HUAWEICLOUD_SDK_AK, HUAWEICLOUD_SDK_SK, HUAWEICLOUD_SDK_PROJECT_ID, HUAWEICLOUD_SDK_SECURITY_TOKEN), \\
            then the config file, then the defaults. The config file holds key = value lines (ak, sk, project_id, \\
            security_token, region, endpoint, iam_user, iam_password, iam_domain) and is refused when others may read it.
            """
    )

    @OptionGroup var cloud: CloudOptions

    func run() throws {
        let settings: CloudSettings
        do {
            settings = try cloud.settings()
        } catch {
            TerminalOutput.note(error.description)
            throw ExitCode(2)
        }
        let rows = settings.report
        let width = rows.map(\.name.count).max() ?? 0
        for row in rows {
            let source = row.source.isEmpty ? "" : "  (\(row.source))"
            TerminalOutput.out(TerminalOutput.userText(row.name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + row.value + source))
        }
        for warning in settings.warnings { TerminalOutput.note("warning: " + warning) }
    }
}
