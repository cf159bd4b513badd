import Foundation

/// A network of a test's own (`ip netns`): loopback only, with the addresses it is
/// given and its own resolver (`/etc/netns/NAME/resolv.conf`, which `ip netns exec`
/// puts in place of the system's). Needs root, as CI and these machines run tests.
public final class NetworkNamespace {
    public let name: String
    /// Runs a command inside: the prefix for `QuireBinary.run` and `start`'s `launcher`.
    public var launcher: [String] { ["/usr/bin/env", "ip", "netns", "exec", name] }
    private var resolverFolder: URL { URL(fileURLWithPath: "/etc/netns/\(name)") }

    /// `addresses` are put on loopback (a "public" one among them for a test to serve from);
    /// `nameserver` is the resolver every program inside asks.
    public init(addresses: [String] = [], nameserver: String = "127.0.0.1") throws {
        name = "quire-test-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try Spawn.run(["ip", "netns", "add", name], timeout: 20)
        do {
            try FileManager.default.createDirectory(at: resolverFolder, withIntermediateDirectories: true)
            try Data("nameserver \(nameserver)\noptions attempts:1 timeout:2\n".utf8).write(to: resolverFolder.appendingPathComponent("resolv.conf"))
            try Spawn.run(["ip", "-n", name, "link", "set", "lo", "up"], timeout: 20)
            for address in addresses { try Spawn.run(["ip", "-n", name, "addr", "add", "\(address)/32", "dev", "lo"], timeout: 20) }
        } catch {
            remove()
            throw error
        }
    }

    deinit { remove() }

    private func remove() {
        _ = try? Spawn.run(["ip", "netns", "delete", name], timeout: 20)
        try? FileManager.default.removeItem(at: resolverFolder)
    }
}
