import Foundation

/// A secret value (secret key, security token, password). It prints as whether it is
/// set, never as itself, so that it cannot reach a log, the screen or stdout by accident.
public struct Secret: Equatable, Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    public let value: String
    public init(_ value: String) { self.value = value }
    public var description: String { "(set)" }
    public var debugDescription: String { description }
}

/// Where a setting's value came from, for `quire config`.
public enum SettingSource: Equatable, Sendable, CustomStringConvertible {
    case commandLine(String)
    case environment(String)
    case configFile(String)
    case builtIn

    public var description: String {
        switch self {
        case .commandLine(let flag): return "command line \(flag)"
        case .environment(let name): return "environment \(name)"
        case .configFile(let path): return "config file \(path)"
        case .builtIn: return "default"
        }
    }
}

public struct Setting<Value: Sendable>: Sendable {
    public var value: Value
    public var source: SettingSource
}

/// How to reach Huawei Cloud OCR or a compatible endpoint, and as whom. Read from the
/// command line, then the environment variables the official SDKs read, then a config
/// file that only its owner may read, then the defaults.
public struct CloudSettings: Sendable {
    /// The only region that serves the handwriting API.
    public static let handwritingRegion = "cn-north-4"
    /// Regions with an OCR endpoint, none of which serves handwriting but the one above.
    public static let ocrRegions: Set<String> = ["cn-north-4", "cn-south-1", "cn-east-3", "ap-southeast-1",
                                                 "ap-southeast-2", "ap-southeast-3", "la-south-2"]

    public var region: Setting<String>
    public var projectID: Setting<String>?
    /// The base URL requests go to: `https://ocr.{region}.myhuaweicloud.com` unless set.
    public var endpoint: Setting<URL>
    public var accessKey: Setting<String>?
    public var secretKey: Setting<Secret>?
    public var securityToken: Setting<Secret>?
    /// IAM password login, for token authentication.
    public var iamUser: Setting<String>?
    public var iamPassword: Setting<Secret>?
    public var iamDomain: Setting<String>?
    /// A fixed `X-Auth-Token`, for a self-hosted `quire serve --tokens`.
    public var authToken: Setting<Secret>?
    /// Things a person should know, such as a region that does not serve handwriting.
    public var warnings: [String]

    public enum Authentication: Equatable, Sendable, CustomStringConvertible {
        case none
        case accessKey
        case iamToken
        case fixedToken

        public var description: String {
            switch self {
            case .none: return "none (for an endpoint that asks for none, such as quire serve on loopback)"
            case .accessKey: return "AK/SK signing (SDK-HMAC-SHA256)"
            case .iamToken: return "IAM token from password login"
            case .fixedToken: return "fixed X-Auth-Token (QUIRE_AUTH_TOKEN or auth_token)"
            }
        }
    }

    /// AK/SK when both keys are set, else an IAM token when user and password are, else a
    /// fixed token when one is set, else none.
    public var authentication: Authentication {
        if accessKey != nil, secretKey != nil { return .accessKey }
        if iamUser != nil, iamPassword != nil { return .iamToken }
        if authToken != nil { return .fixedToken }
        return .none
    }

    public struct LoadError: Error, CustomStringConvertible {
        public let description: String
    }

    /// The config file used when none is named: `$XDG_CONFIG_HOME/quire/cloud.conf`,
    /// else `~/.config/quire/cloud.conf`.
    public static func defaultConfigFile(environment: [String: String]) -> URL {
        let base = environment["XDG_CONFIG_HOME"].map { URL(fileURLWithPath: $0) }
            ?? URL(fileURLWithPath: environment["HOME"] ?? NSHomeDirectory()).appendingPathComponent(".config")
        return base.appendingPathComponent("quire/cloud.conf")
    }

    /// - Parameters:
    ///   - commandLine: values given as flags, by config key (`region`, `project_id`, `endpoint`).
    ///   - configFile: a named file must exist; the default one may be absent.
    public static func load(commandLine: [String: String] = [:], environment: [String: String],
                            configFile: URL? = nil) throws(LoadError) -> CloudSettings {
        let file = configFile ?? defaultConfigFile(environment: environment)
        let fileValues = try readConfigFile(file, required: configFile != nil)
        func lookup(_ key: String, flag: String? = nil, variable: String? = nil) -> Setting<String>? {
            if let flag, let value = commandLine[key], !value.isEmpty { return Setting(value: value, source: .commandLine(flag)) }
            if let variable, let value = environment[variable], !value.isEmpty { return Setting(value: value, source: .environment(variable)) }
            if let value = fileValues[key], !value.isEmpty { return Setting(value: value, source: .configFile(file.path)) }
            return nil
        }
        func secret(_ key: String, variable: String? = nil) -> Setting<Secret>? {
            lookup(key, variable: variable).map { Setting(value: Secret($0.value), source: $0.source) }
        }
        let region = lookup("region", flag: "--region", variable: "HUAWEICLOUD_SDK_REGION")
            ?? Setting(value: handwritingRegion, source: .builtIn)
        let endpoint: Setting<URL>
        if let given = lookup("endpoint", flag: "--endpoint") {
            guard let url = URL(string: given.value), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme), url.host != nil else {
                throw LoadError(description: "endpoint \(given.value) (\(given.source)) is not an http or https URL")
            }
            endpoint = Setting(value: url, source: given.source)
        } else {
            endpoint = Setting(value: URL(string: "https://ocr.\(region.value).myhuaweicloud.com")!, source: region.source)
        }
        var warnings: [String] = []
        if region.value != handwritingRegion, endpoint.source == region.source {
            let known = ocrRegions.contains(region.value) ? "has OCR but not the handwriting API" : "is not an OCR region"
            warnings.append("region \(region.value) \(known): handwriting is deployed in \(handwritingRegion) only")
        }
        return CloudSettings(
            region: region,
            projectID: lookup("project_id", flag: "--project-id", variable: "HUAWEICLOUD_SDK_PROJECT_ID"),
            endpoint: endpoint,
            accessKey: lookup("ak", variable: "HUAWEICLOUD_SDK_AK"),
            secretKey: secret("sk", variable: "HUAWEICLOUD_SDK_SK"),
            securityToken: secret("security_token", variable: "HUAWEICLOUD_SDK_SECURITY_TOKEN"),
            iamUser: lookup("iam_user"),
            iamPassword: secret("iam_password"),
            iamDomain: lookup("iam_domain"),
            authToken: secret("auth_token", variable: "QUIRE_AUTH_TOKEN"),
            warnings: warnings)
    }

    /// `key = value` lines; `#` starts a comment. Refused when anyone but the owner may
    /// read or write it, since it holds secrets.
    static func readConfigFile(_ url: URL, required: Bool) throws(LoadError) -> [String: String] {
        var status = stat()
        guard stat(url.path, &status) == 0 else {
            if required { throw LoadError(description: "config file \(url.path) cannot be read") }
            return [:]
        }
        let mode = status.st_mode & 0o777
        guard mode & 0o077 == 0 else {
            throw LoadError(description: "config file \(url.path) may be read by others (mode \(String(mode, radix: 8))): run chmod 600 on it")
        }
        guard let text = try? String(contentsOf: url, encoding: .utf8) else {
            throw LoadError(description: "config file \(url.path) cannot be read")
        }
        var values: [String: String] = [:]
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let content = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
            guard !content.trimmingCharacters(in: .whitespaces).isEmpty else { continue }
            let pair = content.split(separator: "=", maxSplits: 1)
            guard pair.count == 2 else {
                throw LoadError(description: "config file \(url.path), line \(number + 1): expected key = value")
            }
            let key = pair[0].trimmingCharacters(in: .whitespaces)
            var value = pair[1].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
            guard Self.configKeys.contains(key) else {
                throw LoadError(description: "config file \(url.path), line \(number + 1): unknown key \(key) (known: \(Self.configKeys.sorted().joined(separator: ", ")))")
            }
            values[key] = value
        }
        return values
    }

    static let configKeys: Set<String> = ["region", "project_id", "endpoint", "ak", "sk", "security_token",
                                          "iam_user", "iam_password", "iam_domain", "auth_token"]

    /// Every setting with its source, secrets as whether they are set: for `quire config`.
    public var report: [(name: String, value: String, source: String)] {
        func row<V>(_ name: String, _ setting: Setting<V>?) -> (String, String, String) {
            guard let setting else { return (name, "(not set)", "") }
            return (name, String(describing: setting.value), setting.source.description)
        }
        return [row("region", region), row("project id", projectID), row("endpoint", endpoint),
                row("access key", accessKey), row("secret key", secretKey), row("security token", securityToken),
                row("IAM user", iamUser), row("IAM password", iamPassword), row("IAM domain", iamDomain),
                row("auth token", authToken),
                ("authentication", "\(authentication)", "")]
    }
}
