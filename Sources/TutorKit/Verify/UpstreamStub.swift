import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The service a project's server calls (a weather API, a payment provider), played by the
/// verifier on 127.0.0.1 with the answers the project file sets. A criterion can make it fail,
/// close connections or answer late, and count the calls it got, so retries, timeouts and
/// caching are checked without the real service or a network.
public final class UpstreamStub: @unchecked Sendable {
    public let port: Int
    private let routes: [Project.Upstream.Route]
    private let lock = NSLock()
    private var behaviour: AcceptanceCriterion.UpstreamBehaviour?
    private var calls = 0
    private var listener: Int32 = -1
    private var stopped = false

    public init?(routes: [Project.Upstream.Route], port: Int) {
        self.routes = routes
        self.port = port
        guard let fd = Loopback.bind(port: port) else { return nil }
        guard listen(fd, 128) == 0 else {
            close(fd)
            return nil
        }
        listener = fd
        Thread { [self] in acceptLoop() }.start()
    }

    deinit { stop() }

    public var address: String { "http://127.0.0.1:\(port)" }

    public func stop() {
        let fd = lock.withLock { () -> Int32 in
            stopped = true
            let fd = listener
            listener = -1
            return fd
        }
        if fd >= 0 {
            shutdown(fd, Int32(SHUT_RDWR))
            close(fd)
        }
    }

    /// Sets how it answers until the next call (nil: as the routes say), and zeroes the count.
    public func begin(_ behaviour: AcceptanceCriterion.UpstreamBehaviour?) {
        lock.withLock {
            self.behaviour = behaviour
            calls = 0
        }
    }

    /// The requests it got since `begin`.
    public var callCount: Int { lock.withLock { calls } }

    private func acceptLoop() {
        while true {
            let fd = lock.withLock { stopped ? -1 : listener }
            guard fd >= 0 else { return }
            var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, 200) > 0 else { continue }
            let connection = accept(fd, nil, nil)
            guard connection >= 0 else { continue }
            Thread { [self] in serve(connection) }.start()
        }
    }

    private func serve(_ connection: Int32) {
        defer { close(connection) }
        var received = Data()
        var buffer = [UInt8](repeating: 0, count: 8192)
        let deadline = Date().addingTimeInterval(10)
        // The head, then as much body as Content-Length says.
        while Date() < deadline {
            if let end = received.range(of: Data("\r\n\r\n".utf8)) {
                let head = String(decoding: received[..<end.lowerBound], as: UTF8.self)
                let length = head.split(separator: "\r\n").first { $0.lowercased().hasPrefix("content-length:") }
                    .flatMap { Int($0.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) } ?? 0
                if received.count - end.upperBound >= length { break }
            }
            var descriptor = pollfd(fd: connection, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, 500) > 0 else { continue }
            let count = recv(connection, &buffer, buffer.count, 0)
            guard count > 0 else { return }
            received.append(contentsOf: buffer[0..<count])
            if received.count > 1 << 20 { return }
        }
        let line = String(decoding: received.prefix { $0 != 0x0D }, as: UTF8.self)
        let parts = line.split(separator: " ")
        guard parts.count >= 2 else { return }
        let method = String(parts[0]), target = String(parts[1])
        let behaviour = lock.withLock { () -> AcceptanceCriterion.UpstreamBehaviour? in
            calls += 1
            return self.behaviour
        }
        if let delay = behaviour?.delayMilliseconds, delay > 0 { usleep(useconds_t(min(delay, 30_000)) * 1000) }
        if behaviour?.close == true { return }
        var status = 404, headers: [String: String] = ["Content-Type": "application/problem+json"]
        var body = #"{"type": "about:blank", "title": "Not Found", "status": 404}"#
        if let failure = behaviour?.status {
            status = failure
            body = #"{"type": "about:blank", "title": "Upstream failure", "status": \#(failure)}"#
        } else if let route = Self.route(for: method, target, in: routes) {
            status = route.status
            headers = route.headers
            body = route.body
            if headers.keys.first(where: { $0.lowercased() == "content-type" }) == nil { headers["Content-Type"] = "application/json" }
        }
        var response = "HTTP/1.1 \(status) \(status < 400 ? "OK" : "Error")\r\n"
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) { response += "\(name): \(value)\r\n" }
        response += "Content-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n" + body
        var bytes = Array(response.utf8)
        _ = send(connection, &bytes, bytes.count, Int32(MSG_NOSIGNAL))
    }

    /// The first route whose method and path match, and whose query parameters are all present
    /// with their values.
    static func route(for method: String, _ target: String, in routes: [Project.Upstream.Route]) -> Project.Upstream.Route? {
        let components = URLComponents(string: "http://stub" + target)
        let path = components?.path ?? target
        let query = Dictionary((components?.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { a, _ in a })
        return routes.first { route in
            route.method == method && route.path == path && route.query.allSatisfy { query[$0.key]?.lowercased() == $0.value.lowercased() }
        }
    }
}
