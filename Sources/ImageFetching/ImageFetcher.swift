import AsyncHTTPClient
import Foundation
import HandwritingAPI
import NIOCore

/// Fetches the image a `url` input names, as the service does: http and https only,
/// every host (and every redirect's) resolved and, unless `allowPrivate`, refused when
/// internal (`AddressPolicy`), a size cap while reading, and a deadline for the whole
/// fetch, redirects and body included (a server that drips a byte a second is cut off
/// at it, not kept for as long as it drips). Failures are ModelArts.4601 and 4603. `quire serve` uses it for its callers; the command
/// line, for its user's own addresses, allows private ones.
///
/// The connection goes to the address that was checked, never to a second lookup of the
/// name: a host that resolved to a public address when checked and to 127.0.0.1 when
/// fetched (DNS rebinding) got through that way. TLS still checks the certificate for
/// the name.
public struct ImageFetcher: Sendable {
    let client: HTTPClient
    let allowPrivate: Bool
    /// A name's addresses (the system's resolver; a test's own in the tests).
    let resolve: @Sendable (String) -> [String]
    public var maximumBytes = ImageLimits.service.maximumEncodedBytes / 4 * 3
    public var timeout: TimeAmount
    public var redirects = 3

    public init(allowPrivate: Bool, timeout: Duration = .seconds(15)) {
        self.init(allowPrivate: allowPrivate, timeout: timeout, resolve: AddressPolicy.resolve)
    }

    init(allowPrivate: Bool, timeout: Duration, resolve: @escaping @Sendable (String) -> [String]) {
        client = Self.client
        self.allowPrivate = allowPrivate
        self.timeout = TimeAmount(timeout)
        self.resolve = resolve
    }

    /// One client for all fetches, never redirected on its own: each hop is checked here.
    static let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)

    static var configuration: HTTPClient.Configuration {
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        configuration.timeout = .init(connect: .seconds(5), read: .seconds(15))
        return configuration
    }

    public func fetch(_ url: URL) async throws(ServiceError) -> Data {
        let deadline = NIODeadline.now() + timeout
        do {
            return try await withThrowingTaskGroup(of: Data?.self) { group in
                group.addTask { try await fetch(url, before: deadline) }
                group.addTask {
                    try await Task.sleep(for: .nanoseconds(timeout.nanoseconds))
                    return nil
                }
                defer { group.cancelAll() }
                guard let first = try await group.next(), let data = first else {
                    throw ServiceError.urlFetchFailed.explained("the address took longer than \(timeout.nanoseconds / 1_000_000_000) s")
                }
                return data
            }
        } catch let error as ServiceError {
            throw error
        } catch {
            throw ServiceError.urlFetchFailed.explained("\(error)")
        }
    }

    private func fetch(_ url: URL, before deadline: NIODeadline) async throws(ServiceError) -> Data {
        var current = url
        for _ in 0...redirects {
            let pinned = try await check(current)
            var request = HTTPClientRequest(url: current.absoluteString)
            request.headers.add(name: "User-Agent", value: "quire")
            // A client of its own for a pinned address (AsyncHTTPClient keys its
            // connections by the override), shut down when the hop is done.
            let hop = pinned.map { pin in
                var configuration = Self.configuration
                configuration.dnsOverride = [pin.host: pin.address]
                return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
            }
            defer { if let hop { hop.shutdown { _ in } } }
            let response: HTTPClientResponse
            do {
                response = try await (hop ?? client).execute(request, deadline: deadline)
            } catch {
                throw ServiceError.urlFetchFailed.explained("\(error)")
            }
            if (300..<400).contains(Int(response.status.code)) {
                guard let location = response.headers.first(name: "Location"), let next = URL(string: location, relativeTo: current)?.absoluteURL else {
                    throw ServiceError.urlFetchFailed.explained("a redirect without a usable Location")
                }
                current = next
                continue
            }
            guard response.status.code == 200 else {
                throw ServiceError.urlFetchFailed.explained("the address answered HTTP \(response.status.code)")
            }
            var data = Data()
            do {
                for try await chunk in response.body {
                    data.append(contentsOf: chunk.readableBytesView)
                    guard data.count <= maximumBytes else {
                        throw ServiceError.badImageSize.explained("the file at the address is over \(maximumBytes) bytes")
                    }
                }
                // A body cut short by the deadline ends like a whole one: it is not taken for the file.
                try Task.checkCancellation()
            } catch let error as ServiceError {
                throw error
            } catch {
                throw ServiceError.urlFetchFailed.explained("\(error)")
            }
            return data
        }
        throw ServiceError.urlFetchFailed.explained("more than \(redirects) redirects")
    }

    /// Refuses what may not be fetched; for a name, the checked address to connect to
    /// (nil: an address written as one, or any address allowed).
    private func check(_ url: URL) async throws(ServiceError) -> (host: String, address: String)? {
        guard let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https", let host = url.host, !host.isEmpty else {
            throw ServiceError.urlNotAllowed.explained("only http and https addresses are fetched")
        }
        guard !allowPrivate else { return nil }
        let bare = host.hasPrefix("[") ? String(host.dropFirst().dropLast()) : host
        let resolve = self.resolve
        let addresses = await Task.detached { resolve(bare) }.value
        guard let first = addresses.first else { throw ServiceError.urlFetchFailed.explained("\(host) does not resolve") }
        if addresses.contains(where: AddressPolicy.isInternal) {
            throw ServiceError.urlNotAllowed.explained("\(host) is an internal address")
        }
        return addresses == [bare] ? nil : (host, first)
    }
}
