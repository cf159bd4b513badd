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
public struct ImageFetcher: Sendable {
    let client: HTTPClient
    let allowPrivate: Bool
    public var maximumBytes = ImageLimits.service.maximumEncodedBytes / 4 * 3
    public var timeout: TimeAmount
    public var redirects = 3

    public init(allowPrivate: Bool, timeout: Duration = .seconds(15)) {
        client = Self.client
        self.allowPrivate = allowPrivate
        self.timeout = TimeAmount(timeout)
    }

    /// One client for all fetches, never redirected on its own: each hop is checked here.
    static let client: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        configuration.timeout = .init(connect: .seconds(5), read: .seconds(15))
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()

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
            try await check(current)
            var request = HTTPClientRequest(url: current.absoluteString)
            request.headers.add(name: "User-Agent", value: "quire")
            let response: HTTPClientResponse
            do {
                response = try await client.execute(request, deadline: deadline)
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

    private func check(_ url: URL) async throws(ServiceError) {
        guard let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https", let host = url.host, !host.isEmpty else {
            throw ServiceError.urlNotAllowed.explained("only http and https addresses are fetched")
        }
        guard !allowPrivate else { return }
        let bare = host.hasPrefix("[") ? String(host.dropFirst().dropLast()) : host
        let addresses = await Task.detached { AddressPolicy.resolve(bare) }.value
        guard !addresses.isEmpty else { throw ServiceError.urlFetchFailed.explained("\(host) does not resolve") }
        if addresses.contains(where: AddressPolicy.isInternal) {
            throw ServiceError.urlNotAllowed.explained("\(host) is an internal address")
        }
    }
}
